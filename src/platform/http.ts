/**
 * HTTP plumbing of the platform, and nothing else: JSON and RFC 9457 problem
 * responses, bounded body reading, id checks, and the router that matches a
 * route table, answers CORS preflights, 404 and 405, and maps any thrown error
 * to a problem (an unexpected one to an opaque 500). No business rule lives here.
 */
import { isVitrineError } from '../errors.js';
import { Id } from '../model/common.js';
import { PlatformProblem, problemType, type ProblemCode } from './problem.js';
import { isTransientConflict } from './store/transact.js';

/** Who may call a route, which decides its CORS policy. */
export type Access =
  /** Anyone, from any origin (cards, showcase, events, order lookup). */
  | 'public'
  /** A creator with an API key; browsers only from the configured origins. */
  | 'creator'
  /** Server to server (signed partner callbacks): no CORS at all. */
  | 'partner'
  /** The platform's operators, with an admin key: server to server, no CORS. */
  | 'admin';

/** What a route handler gets: the request, its URL (base path removed) and path parameters. */
export interface RouteRequest<Context> {
  request: Request;
  url: URL;
  /** Path parameters by name, decoded and checked as ids. */
  params: Readonly<Record<string, string>>;
  /** What the server around the platform told it about the request. */
  context: Context;
}

/** Answers one method of a route. Throw a `PlatformProblem` to refuse. */
export type RouteHandler<Context> = (input: RouteRequest<Context>) => Promise<Response>;

/** One entry of a route table. */
export interface Route<Context> {
  /** A path with `:name` segments (or a literal prefix then `:name`), e.g. `/v1/creators/:creatorId/showcase`, `/@:handle`. */
  path: string;
  access: Access;
  methods: Partial<Record<string, RouteHandler<Context>>>;
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /** Origins allowed on `creator` routes (`'*'`: any). */
  corsOrigins: '*' | readonly string[];
}

/** A matched and answered request: the response, and the unexpected error behind a 500, if any. */
export interface Routed {
  response: Response;
  error?: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** An RFC 9457 problem response with the platform's `code` member. */
export function problem(status: number, code: ProblemCode, detail: string, headers: Readonly<Record<string, string>> = {}): Response {
  const body = { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code };
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });
}

/** Maps anything a route threw to a problem response; an unexpected error becomes an opaque 500. */
export function toProblem(error: unknown): Response {
  if (error instanceof PlatformProblem) return problem(error.status, error.problemCode, error.message, error.headers);
  if (isVitrineError(error)) {
    switch (error.code) {
      case 'invalid_signature':
      case 'stale_timestamp':
        return problem(401, error.code, error.message);
      case 'invalid_transition':
        return problem(409, error.code, error.message);
      case 'unsafe_link':
        return problem(422, error.code, error.message);
      case 'not_found':
        return problem(404, error.code, error.message);
      case 'invalid_input':
        return problem(400, error.code, error.message);
    }
  }
  // A conflict that outlived the retries of `transact`: the client may simply come back.
  if (isTransientConflict(error)) return problem(503, 'busy', 'The platform is busy with this order; retry shortly', { 'Retry-After': '1' });
  return problem(500, 'internal', 'The platform failed to handle this request');
}

/** `value` when it is a valid id, else a 400 problem naming `what`. */
export function checkId(value: string, what: string): string {
  if (!Id.safeParse(value).success) throw new PlatformProblem(400, 'invalid_input', `${what}: invalid id "${value.slice(0, 70)}"`);
  return value;
}

/** Reads the body as bytes, refusing (413) more than `limit` bytes whatever Content-Length claims. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new PlatformProblem(413, 'payload_too_large', `The body must not exceed ${limit} bytes`);
  if (Number(request.headers.get('content-length')) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Refuses (415) a body that is not `application/json` (parameters such as
 * `charset=utf-8` allowed); `textPlain` also accepts `text/plain`
 * (sendBeacon and simple CORS requests send it).
 */
export function requireJson(request: Request, textPlain = false): void {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !(textPlain && type === 'text/plain')) {
    throw new PlatformProblem(415, 'unsupported_media_type', `Send ${textPlain ? 'application/json or text/plain' : 'application/json'}`);
  }
}

/**
 * Reads a bounded JSON body (415 for another media type, see
 * {@link requireJson}; 413 beyond `limit`; 400 for invalid UTF-8 or JSON).
 */
export async function readJson(request: Request, limit: number, textPlain: boolean): Promise<unknown> {
  requireJson(request, textPlain);
  const bytes = await readBody(request, limit);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new PlatformProblem(400, 'invalid_input', 'The body is not valid UTF-8 JSON');
  }
}

interface CompiledRoute<Context> {
  route: Route<Context>;
  pattern: RegExp;
  names: string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/v1/creators/:creatorId/stats` (or `/@:handle`) → a regular expression with one group per parameter. */
function compile<Context>(route: Route<Context>): CompiledRoute<Context> {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      // `:name`, or a literal prefix then `:name` (`@:handle`).
      const at = segment.indexOf(':');
      if (at === -1) return escapeRegExp(segment);
      names.push(segment.slice(at + 1));
      return `${escapeRegExp(segment.slice(0, at))}([^/]+)`;
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function decode(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

/**
 * Matches requests against `routes` (first match wins) and answers them:
 * CORS headers by access (public: any origin; creator: `corsOrigins`; partner:
 * none), `OPTIONS` preflights for browser routes, 404 for an unknown path, 405
 * with `Allow` for a wrong method, and a problem for anything a handler throws.
 */
export function createRouter<Context>(routes: readonly Route<Context>[], options: RouterOptions) {
  const compiled = routes.map(compile);

  // A page on another origin may read these (Retry-After on a 429 or 503, a replayed publish).
  const expose = { 'Access-Control-Expose-Headers': 'Retry-After, Idempotent-Replayed' };
  const browser = (access: Access) => access === 'public' || access === 'creator';

  function cors(access: Access, request: Request): Record<string, string> {
    if (!browser(access)) return {};
    if (access === 'public' || options.corsOrigins === '*') return { 'Access-Control-Allow-Origin': '*', ...expose };
    const origin = request.headers.get('origin');
    return origin !== null && options.corsOrigins.includes(origin) ? { 'Access-Control-Allow-Origin': origin, ...expose, Vary: 'Origin' } : { Vary: 'Origin' };
  }

  function preflight(route: Route<Context>, methods: string[], headers: Record<string, string>): Response {
    return new Response(null, {
      status: 204,
      headers: {
        ...headers,
        'Access-Control-Allow-Methods': methods.join(', '),
        'Access-Control-Allow-Headers': route.access === 'creator' ? 'Authorization, Content-Type, Idempotency-Key' : 'Content-Type',
        'Access-Control-Max-Age': '86400',
      },
    });
  }

  return async function route(request: Request, url: URL, context: Context): Promise<Routed> {
    let found: CompiledRoute<Context> | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of compiled) {
      match = candidate.pattern.exec(url.pathname);
      if (match) {
        found = candidate;
        break;
      }
    }
    if (!found || !match) return { response: problem(404, 'not_found', `No route for ${url.pathname}`) };
    const { route, names } = found;
    const headers = cors(route.access, request);
    const methods = Object.keys(route.methods);
    // HEAD answers like GET, without the body (RFC 9110 §9.3.2).
    if (route.methods.GET && !route.methods.HEAD) methods.push('HEAD');
    if (browser(route.access)) methods.push('OPTIONS');
    const withCors = (response: Response) => {
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    };
    try {
      if (request.method === 'OPTIONS' && browser(route.access)) return { response: preflight(route, methods, headers) };
      const head = request.method === 'HEAD' && !route.methods.HEAD;
      const handler = route.methods[head ? 'GET' : request.method];
      if (!handler) throw new PlatformProblem(405, 'method_not_allowed', `${request.method} is not allowed here`, { Allow: methods.join(', ') });
      const params = Object.fromEntries(names.map((name, i) => [name, checkId(decode(match[i + 1]!), 'path')]));
      const response = withCors(await handler({ request, url, params, context }));
      if (!head) return { response };
      await response.body?.cancel();
      return { response: new Response(null, { status: response.status, headers: response.headers }) };
    } catch (error) {
      const response = withCors(toProblem(error));
      const answer = request.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response;
      return response.status >= 500 ? { response: answer, error } : { response: answer };
    }
  };
}
