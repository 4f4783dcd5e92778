import { applyDecorators } from '@nestjs/common';
import { ApiResponse, OpenAPIObject } from '@nestjs/swagger';
import type { ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX } from './problem';

const PROBLEM_REF = '#/components/schemas/Problem';

/** What each error status means on this API; an operation's own description wins. */
const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid: `errors` names each bad field (also for JSON that does not parse)',
  401: 'No valid bearer token',
  403: 'Your role or agency may not do this, or the record is not shared with you',
  404: 'No such record (or not one you may know of)',
  409: 'Refused by a rule, or the record changed since you read it (If-Match) or the Idempotency-Key was used for another request',
  410: 'The personal data of this record has been erased',
  413: 'The request body is larger than the limit (HTTP_BODY_LIMIT)',
  422: 'The request does not make sense for this record',
  429: 'Too many requests: wait for Retry-After seconds',
  500: 'A fault of the service',
  503: 'The database or a read model is briefly unavailable: try again after Retry-After seconds',
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;

function problemResponse(status: number, description?: string): ResponseObject {
  return { description: description ?? PROBLEM_DESCRIPTIONS[status] ?? 'An error', content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_REF } } } };
}

/**
 * Documents the error answers an operation gives, each an RFC 9457 problem
 * (`@ApiProblems(400, 403, 404)`). 401, 429 and 503 need not be named: every authenticated
 * operation gets them, and every operation with a body 400 and 413 (see documentProblems).
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));
}

/** The one error body of the API: RFC 9457 problem details with the fields the API always answered. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'RFC 9457 problem details (`application/problem+json`). `type` is `about:blank` for a plain HTTP error or ' +
    `\`${PROBLEM_TYPE_PREFIX}<code>\` for the platform's own (e.g. \`concurrent-change\`, \`subject-erased\`). ` +
    '`statusCode`, `error`, `message` and `errors` are the fields this API answered before problems and stay for existing clients.',
  required: ['type', 'title', 'status', 'detail', 'statusCode', 'error', 'message'],
  properties: {
    type: { type: 'string', format: 'uri-reference', description: 'What kind of problem', example: `${PROBLEM_TYPE_PREFIX}concurrent-change` },
    title: { type: 'string', description: 'The reason phrase of the status', example: 'Conflict' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 409 },
    detail: { type: 'string', description: 'What went wrong, for a person to read (never personal data)', example: 'The record was changed by someone else since you read it; nothing was written. Reload and try again.' },
    instance: { type: 'string', format: 'uri-reference', description: 'The path asked for, without its query', example: '/cases/4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f/close' },
    statusCode: { type: 'integer', minimum: 400, maximum: 599, description: 'Same as status', example: 409 },
    error: { type: 'string', description: "The platform's error code, or the reason phrase", example: 'concurrent-change' },
    message: { type: 'string', description: 'Same as detail', example: 'The record was changed by someone else since you read it; nothing was written. Reload and try again.' },
    errors: {
      type: 'array',
      description: 'Each field at fault (400 and some 422): its dotted path and what is wrong, never the value sent',
      items: {
        type: 'object',
        required: ['field', 'problems'],
        properties: {
          field: { type: 'string', example: 'child.dateOfBirth' },
          problems: { type: 'array', items: { type: 'string' }, example: ['dateOfBirth must be a valid ISO 8601 date string'] },
        },
      },
    },
    currentRevision: { type: 'integer', description: 'On concurrent-change: the revision the record is at now' },
    projection: { type: 'string', description: 'On read-model-failing: the read model that is failing' },
    event: { type: 'object', additionalProperties: true, description: 'On read-model-failing: the event it stopped at (id, position, type)' },
  },
  additionalProperties: true,
};

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What exampleSchema is told beyond the example: closed sets by property path (`status`, `entries[].entry`), and the properties always present. */
export interface ExampleSchemaHints {
  enums?: Record<string, readonly (string | number)[]>;
  /** Paths of objects (`''` for the top, `entries[]`) whose every property in the example is always present. */
  complete?: readonly string[];
  /** Paths that may also be null. */
  nullable?: readonly string[];
}

/**
 * A schema read off an example answer (types, ISO dates, uuids, nested objects and lists), with the
 * example attached: the answers are plain JSON whose TypeScript types live in the handlers, and an
 * example mirrors them. Properties are optional unless their object is named `complete`; an empty
 * list or a null says nothing of its items, so examples should show one.
 */
export function exampleSchema(example: unknown, hints: ExampleSchemaHints = {}): SchemaObject {
  return { ...inferSchema(example, hints, ''), example };
}

function inferSchema(value: unknown, hints: ExampleSchemaHints, path: string): SchemaObject {
  const schema = inferType(value, hints, path);
  return hints.nullable?.includes(path) ? { ...schema, nullable: true } : schema;
}

function inferType(value: unknown, hints: ExampleSchemaHints, path: string): SchemaObject {
  const closed = hints.enums?.[path];
  if (Array.isArray(value)) return { type: 'array', items: value.map((item) => inferSchema(item, hints, `${path}[]`)).reduce(merged, {}) };
  // A null says nothing of the type: any value (`nullable` hints give a type its null).
  if (value === null) return {};
  switch (typeof value) {
    case 'string':
      if (closed) return { type: 'string', enum: [...closed] };
      if (ISO_MOMENT.test(value)) return { type: 'string', format: 'date-time' };
      if (ISO_DATE.test(value)) return { type: 'string', format: 'date' };
      return UUID.test(value) ? { type: 'string', format: 'uuid' } : { type: 'string' };
    case 'number':
      return { type: Number.isInteger(value) ? 'integer' : 'number', ...(closed ? { enum: [...closed] } : {}) };
    case 'boolean':
      return { type: 'boolean' };
    case 'object': {
      const entries = Object.entries(value as Record<string, unknown>);
      const properties = Object.fromEntries(entries.map(([key, inner]) => [key, inferSchema(inner, hints, path ? `${path}.${key}` : key)]));
      const required = hints.complete?.includes(path) && entries.length > 0 ? { required: entries.map(([key]) => key) } : {};
      return { type: 'object', properties, ...required };
    }
    default:
      return {};
  }
}

/** One schema for the items of a list whose examples differ: the union of their properties; a format only where all agree. */
function merged(a: SchemaObject, b: SchemaObject): SchemaObject {
  if (Object.keys(a).length === 0) return b;
  if (a.type === 'object' && b.type === 'object') {
    const properties = { ...b.properties, ...a.properties } as Record<string, SchemaObject>;
    for (const [key, schema] of Object.entries(b.properties ?? {})) if (a.properties?.[key]) properties[key] = merged(a.properties[key] as SchemaObject, schema as SchemaObject);
    const required = a.required?.filter((key) => b.required?.includes(key));
    return { ...a, properties, ...(required?.length ? { required } : { required: undefined }) };
  }
  if (a.type === 'array' && b.type === 'array') return { ...a, items: merged(a.items as SchemaObject, b.items as SchemaObject) };
  if (a.type === b.type && a.format !== b.format) return { ...a, format: undefined };
  return a;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** A schema that is only an example (`schema: { example }`): the type is read off the example. */
function isExampleOnly(schema: SchemaObject | ReferenceObject): schema is SchemaObject {
  return !('$ref' in schema) && schema.example !== undefined && !schema.type && !schema.properties && !schema.items && !schema.allOf && !schema.oneOf && !schema.anyOf;
}

/**
 * Every error answer documented as a problem (RFC 9457): the Problem schema in the components, the
 * problem media type on every 4xx/5xx response, and the errors every operation can meet added where
 * its controller did not name them: 401, 429 and 503 on authenticated operations, 400 and 413 where
 * there is a body, 400 where there are parameters, 409 (and 410 on an existing record) on commands.
 * A success answer documented by an example alone gets the schema read off it (exampleSchema).
 */
export function documentProblems(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, ResponseObject | ReferenceObject>;
      const add = (status: number) => (responses[status] ??= problemResponse(status));
      if (operation.requestBody) [400, 413].forEach(add);
      if (operation.parameters?.some((p) => 'in' in p && (p.in === 'path' || p.in === 'query'))) add(400);
      if (operation.security?.length) [401, 429, 503].forEach(add);
      // A command (it takes Idempotency-Key): the key reused or the record changed since If-Match; on an
      // existing record (named in the path), its subject's personal data erased (SubjectErasedError).
      const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => 'in' in p);
      if (parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) {
        add(409);
        if (parameters.some((p) => p.in === 'path')) add(410);
      }
      for (const [status, response] of Object.entries(responses)) {
        if ('$ref' in response) continue;
        // An error answer with a body of its own (GET /health/ready's 503) keeps it.
        if (Number(status) >= 400 && !response.content) responses[status] = problemResponse(Number(status), response.description);
        else for (const media of Object.values(response.content ?? {})) if (media.schema && isExampleOnly(media.schema)) media.schema = exampleSchema(media.schema.example);
      }
    }
  }
  return document;
}
