import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { paths } from './api-types';

/**
 * Calls the API with the types compiled from its OpenAPI document (test/support/api-types.ts): a
 * body, path parameters or an answer that disagree with the document fail `npm run typecheck`.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never }[keyof paths];

type PathParams<O> = O extends { parameters: { path: infer A } } ? (A extends object ? A : never) : never;
type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Statuses<O> = O extends { responses: infer R } ? keyof R & number : never;
/** What the document says the operation answers with `status`: JSON for a success, a Problem for an error. */
export type Answer<O, S extends number> = O extends { responses: { [K in S]: { content: infer C } } }
  ? C extends { 'application/json': infer J }
    ? J
    : C extends { 'application/problem+json': infer E }
      ? E
      : never
  : never;

export interface Call<O> {
  path?: PathParams<O>;
  query?: Record<string, string>;
  body?: JsonBody<O>;
  headers?: Record<string, string>;
}

export function typedApi(http: TestAgent) {
  async function call<M extends Method, P extends PathsWith<M>, S extends Statuses<Operation<P, M>>>(
    method: M,
    path: P,
    status: S,
    request: Call<Operation<P, M>> = {},
  ): Promise<Answer<Operation<P, M>, S>> {
    const url = String(path).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((request.path as Record<string, unknown>)[name])));
    let test: Test = http[method](url).set(request.headers ?? {});
    if (request.query) test = test.query(request.query);
    if (request.body !== undefined) test = test.send(request.body as object);
    const response = await test.expect(status);
    return response.body as Answer<Operation<P, M>, S>;
  }
  return { call };
}
