import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { inChunks } from '@app/event-store';
import { PoiProfileEntity } from './poi-profile.entity';

/** Merges as the read side follows them: which POIs continue as which. */
@Injectable()
export class PoiDirectory {
  constructor(@InjectRepository(PoiProfileEntity) private readonly profiles: Repository<PoiProfileEntity>) {}

  /** The POI and every duplicate merged into it, directly or through another merge. */
  async withMerged(poiId: string): Promise<string[]> {
    const ids = [poiId];
    for (let frontier = [poiId]; frontier.length > 0; ) {
      const found: string[] = [];
      for (const chunk of inChunks(frontier)) {
        for (const row of await this.profiles.find({ select: { poiId: true }, where: { mergedInto: In(chunk) } })) if (!ids.includes(row.poiId)) found.push(row.poiId);
      }
      ids.push(...found);
      frontier = found;
    }
    return ids;
  }

  /**
   * Every merge at once (merges are few): `canonical(id)` is where a record lives now (the
   * survivor, followed to the end of the chain); `aliases(id)` the POI and every duplicate merged
   * into it.
   */
  async merges(): Promise<{ canonical: (poiId: string) => string; aliases: (poiId: string) => string[] }> {
    const rows = await this.profiles.find({ select: { poiId: true, mergedInto: true }, where: { status: 'merged' } });
    const next = new Map(rows.map((r) => [r.poiId, r.mergedInto!]));
    const canonical = (poiId: string) => {
      let id = poiId;
      for (let guard = 0; next.has(id) && guard < 100; guard++) id = next.get(id)!;
      return id;
    };
    const members = new Map<string, string[]>();
    for (const { poiId } of rows) members.set(canonical(poiId), [...(members.get(canonical(poiId)) ?? []), poiId]);
    return { canonical, aliases: (poiId: string) => [poiId, ...(members.get(poiId) ?? [])] };
  }

  async names(poiIds: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const chunk of inChunks([...new Set(poiIds)])) {
      for (const row of await this.profiles.find({ select: { poiId: true, displayName: true }, where: { poiId: In(chunk) } })) names.set(row.poiId, row.displayName);
    }
    return names;
  }
}
