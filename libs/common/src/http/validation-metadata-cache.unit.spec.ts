import 'reflect-metadata';
import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { PartialType } from '@nestjs/mapped-types';
import { Type } from 'class-transformer';
import { IsInt, IsString, MaxLength, ValidateNested, getMetadataStorage, registerDecorator, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';
import { strictValidationPipe } from './validation';

class Person {
  @IsString()
  @MaxLength(20)
  name!: string;
}

class Child extends Person {
  @IsInt()
  age!: number;
}

class Visit {
  @IsString({ groups: ['recorded'] })
  place!: string;
}

class Referral {
  @ValidateNested()
  @Type(() => Child)
  child!: Child;
}

const body = (metatype: new () => unknown): ArgumentMetadata => ({ type: 'body', metatype, data: '' });

async function problems(metatype: new () => unknown, value: unknown): Promise<{ field: string; problems: string[] }[]> {
  try {
    await strictValidationPipe().transform(value, body(metatype));
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { errors: { field: string; problems: string[] }[] }).errors;
  }
}

describe('class-validator rules looked up once per class', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as before: own, inherited and nested rules, unknown fields refused', async () => {
    expect(await problems(Referral, { child: { name: 'Testa', age: 14 } })).toEqual([]);
    // The same body again (rules now from the cache) and a bad one: the same answers every time.
    for (let i = 0; i < 3; i++) {
      expect(await problems(Referral, { child: { name: 'Testa', age: 14 } })).toEqual([]);
      expect(await problems(Referral, { child: { name: 'x'.repeat(21), age: 'old', extra: 1 } })).toEqual([
        { field: 'child.extra', problems: ['property extra should not exist'] },
        { field: 'child.age', problems: ['age must be an integer number'] },
        { field: 'child.name', problems: ['name must be shorter than or equal to 20 characters'] },
      ]);
    }
  });

  it('keeps rules of different groups apart', async () => {
    const visit = Object.assign(new Visit(), { place: 7 });
    for (let i = 0; i < 2; i++) {
      expect((await validate(visit, { groups: ['recorded'] })).map((e) => e.property)).toEqual(['place']);
      expect(await validate(visit, { groups: ['planned'], forbidUnknownValues: false })).toEqual([]);
    }
  });

  it('sees a rule added after the class was first validated', async () => {
    class Episode {
      @IsString()
      place!: string;
    }
    expect(await problems(Episode, { place: 'Park', note: 'x' })).toEqual([{ field: 'note', problems: ['property note should not exist'] }]);
    // A rule registered later (as a custom decorator applied late would): the cached lookup is dropped.
    registerDecorator({
      target: Episode,
      propertyName: 'note',
      validator: { validate: (value: unknown) => value === 'ok', defaultMessage: () => 'note must be ok' },
    });
    expect(await problems(Episode, { place: 'Park', note: 'x' })).toEqual([{ field: 'note', problems: ['note must be ok'] }]);
    expect(await problems(Episode, { place: 'Park', note: 'ok' })).toEqual([]);
  });

  it('gives mapped types made after a lookup their parent rules', async () => {
    expect(await problems(Child, { name: 'Testa', age: 14 })).toEqual([]);
    class ChildChanges extends PartialType(Child) {}
    expect(await problems(ChildChanges, {})).toEqual([]);
    expect(await problems(ChildChanges, { age: 'old' })).toEqual([{ field: 'age', problems: ['age must be an integer number'] }]);
  });

  it('answers a repeated lookup from the cache, and groups arrays it did not hand out afresh', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    expect(Object.keys(storage.groupByPropertyName(first)).sort()).toEqual(['age', 'name']);
    // An array of the caller's own may change between calls: never answered from the cache.
    const own = first.filter((rule) => rule.propertyName === 'age');
    expect(Object.keys(storage.groupByPropertyName(own))).toEqual(['age']);
    own.push(...first.filter((rule) => rule.propertyName === 'name'));
    expect(Object.keys(storage.groupByPropertyName(own)).sort()).toEqual(['age', 'name']);
  });

  it('installs once however often the pipe is made', () => {
    const lookUp = getMetadataStorage().getTargetValidationMetadatas;
    cacheValidationMetadata();
    strictValidationPipe();
    expect(getMetadataStorage().getTargetValidationMetadatas).toBe(lookUp);
  });
});
