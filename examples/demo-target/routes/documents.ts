/**
 * POST /documents: a multipart/form-data upload. The body is parsed with the
 * fetch API's Request.formData() (undici's multipart parser, built into
 * Node); the answer names the first file part with its size and SHA-256 so a
 * test can confirm the upload arrived byte for byte.
 */
import { createHash } from 'node:crypto';
import { sendError, sendJson } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';

/** What POST /documents answers for an uploaded file. */
export interface UploadedDocument {
  /** the form field that carried the file */
  field: string;
  /** the file name the client sent */
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  /** the other (non-file) form fields */
  fields: Record<string, string>;
}

/** The first file in a multipart body (preferring field "file"), or a reason it has none. */
export async function firstUploadedFile(contentType: string, body: Buffer): Promise<UploadedDocument | string> {
  let form: FormData;
  try {
    form = await new Request('http://demo.local/documents', { method: 'POST', headers: { 'content-type': contentType }, body: body as Uint8Array<ArrayBuffer> }).formData();
  } catch {
    return 'malformed multipart/form-data body';
  }
  const fields: Record<string, string> = {};
  let chosen: { field: string; file: File } | undefined;
  for (const [field, value] of form) {
    if (typeof value === 'string') fields[field] = value;
    else if (!chosen || (field === 'file' && chosen.field !== 'file')) chosen = { field, file: value };
  }
  if (!chosen) return 'no file part in the form';
  const bytes = Buffer.from(await chosen.file.arrayBuffer());
  return {
    field: chosen.field,
    name: chosen.file.name,
    contentType: chosen.file.type,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fields,
  };
}

async function upload({ req, res, body }: RouteContext): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType)) {
    return sendError(res, 415, 'expected a multipart/form-data body with a boundary');
  }
  const result = await firstUploadedFile(contentType, body);
  if (typeof result === 'string') return sendError(res, 400, result);
  sendJson(res, 201, result);
}

/** POST /documents. */
export const documentRoutes: Route[] = [
  { method: 'POST', path: '/documents', handle: upload },
];
