// Minimal typings for the part of the k6 API the TypeScript examples use, so
// `tsc` can check them without @types/k6. A real project would
// `npm install -D @types/k6` and delete this file.

declare const __ENV: Record<string, string | undefined>;
declare const __VU: number;
declare const __ITER: number;

declare module 'k6' {
  export type Checkers<T> = Record<string, (value: T) => boolean>;
  export function check<T>(value: T, checkers: Checkers<T>, tags?: Record<string, string>): boolean;
  export function group<T>(name: string, fn: () => T): T;
  export function sleep(seconds: number): void;
  export function fail(message?: string): never;
}

declare module 'k6/http' {
  export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };
  export interface Params {
    headers?: Record<string, string>;
    tags?: Record<string, string>;
    timeout?: string | number;
    responseCallback?: ResponseCallback;
  }
  export interface ResponseCallback { readonly __brand: 'ResponseCallback' }
  export interface Response {
    status: number;
    body: string | null;
    headers: Record<string, string>;
    timings: { duration: number; waiting: number };
    json(selector?: string): JSONValue | undefined;
  }
  export type RequestBody = string | Record<string, string> | null;
  interface Http {
    get(url: string, params?: Params): Response;
    post(url: string, body?: RequestBody, params?: Params): Response;
    expectedStatuses(...statuses: Array<number | { min: number; max: number }>): ResponseCallback;
  }
  const http: Http;
  export default http;
}

declare module 'k6/metrics' {
  export class Trend {
    constructor(name: string, isTime?: boolean);
    add(value: number, tags?: Record<string, string>): void;
  }
  export class Counter {
    constructor(name: string);
    add(value: number, tags?: Record<string, string>): void;
  }
  export class Rate {
    constructor(name: string);
    add(value: number | boolean, tags?: Record<string, string>): void;
  }
}
