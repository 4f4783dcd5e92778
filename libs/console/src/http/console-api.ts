import { AddressInfo } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONSOLE_SETTINGS, ConsoleSettings, parseApiRoutes } from '../console.settings';
import { ConsoleRequest } from '../session/console-session';

/** A field the API named in a 400, with what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/** An answer of the API other than 2xx: its status and RFC 9457 problem (message, and the fields for a 400). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldProblem[] = [],
    /** The problem document's other members (e.g. `breakGlass: { possible, header }` on a 403 of need to know). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The user's session has no usable access token (none, expired, or the API refused it): sign in again. */
export class SignInRequired extends Error {}

export interface ApiAnswer<T> {
  body: T;
  headers: Headers;
}

/**
 * The console acts for the signed-in user through the HTTP API with the user's own access token, so
 * every page meets the same access rules, records the same reads and gets the same errors as any
 * other client. The request's id and correlation id go with each call, so the API's log lines and
 * events tie back to the page that caused them.
 */
@Injectable()
export class ConsoleApi {
  private readonly routes: { prefix: string; url: string }[];

  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    // Longest prefix first.
    this.routes = parseApiRoutes(settings.CONSOLE_API_ROUTES).routes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The API's address for a path: a configured route's, CONSOLE_API_URL, or this process's own. */
  baseFor(path: string): string {
    const route = this.routes.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`) || path.startsWith(`${r.prefix}?`));
    if (route) return route.url;
    if (this.settings.CONSOLE_API_URL) return this.settings.CONSOLE_API_URL;
    const address = this.adapterHost.httpAdapter.getHttpServer().address() as AddressInfo | null;
    if (!address) throw new Error('The console has no API to call: this process is not listening yet and CONSOLE_API_URL is not set');
    // Listening on every interface: its loopback; on one address: that address.
    const host = ['0.0.0.0', '::', ''].includes(address.address) ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  get<T>(req: ConsoleRequest, path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    return this.call<T>(req, 'GET', withQuery(path, query)).then((a) => a.body);
  }

  post<T>(req: ConsoleRequest, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.call<T>(req, 'POST', path, body, headers).then((a) => a.body);
  }

  put<T>(req: ConsoleRequest, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.call<T>(req, 'PUT', path, body, headers).then((a) => a.body);
  }

  /** The bytes of a download (a PDF, a CSV, an audit pack), with its headers. */
  async download(req: ConsoleRequest, path: string, query: Record<string, string | undefined> = {}): Promise<{ bytes: Buffer; headers: Headers }> {
    const response = await this.send(req, 'GET', withQuery(path, query), undefined, {});
    if (!response.ok) throw await problemOf(response);
    return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  async call<T>(req: ConsoleRequest, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const response = await this.send(req, method, path, body, headers);
    if (!response.ok) throw await problemOf(response);
    const text = await response.text();
    return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  private async send(req: ConsoleRequest, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    const token = req.session?.accessToken;
    if (!token || (req.session.accessTokenExpires ?? 0) <= Date.now()) throw new SignInRequired();
    const traced = req as ConsoleRequest & { id?: string; correlationId?: string };
    const response = await fetch(`${this.baseFor(path)}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        ...(traced.correlationId ? { 'x-correlation-id': traced.correlationId } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      redirect: 'manual',
    });
    if (response.status === 401) throw new SignInRequired();
    return response;
  }
}

function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let problem: { message?: unknown; detail?: unknown; errors?: unknown; [member: string]: unknown } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // Not a problem document: the status alone says it.
  }
  const message = typeof problem.message === 'string' ? problem.message : typeof problem.detail === 'string' ? problem.detail : `The service answered ${response.status}`;
  const errors = Array.isArray(problem.errors)
    ? problem.errors
        .filter((e): e is FieldProblem => typeof e?.field === 'string' && Array.isArray(e?.problems))
        .map((e) => ({ field: e.field, problems: e.problems.map(String) }))
    : [];
  const { message: _message, detail: _detail, errors: _errors, ...extensions } = problem;
  return new ApiProblem(response.status, message, errors, extensions);
}
