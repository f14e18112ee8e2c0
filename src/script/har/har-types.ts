/** The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) a conversion reads. */

export interface HarHeader { name: string; value: string }

export interface HarPostParam { name: string; value?: string; fileName?: string; contentType?: string }

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time?: number;
  request: {
    method: string;
    url: string;
    headers: HarHeader[];
    postData?: { mimeType?: string; text?: string; params?: HarPostParam[] };
  };
  response: {
    status: number;
    headers: HarHeader[];
    content?: { mimeType?: string; text?: string; encoding?: string };
    redirectURL?: string;
  };
  /** Chromium's resource type (document, script, stylesheet, image, xhr, fetch …) */
  _resourceType?: string;
}

export interface HarPage { id: string; title?: string; startedDateTime: string }

export interface Har {
  pages: HarPage[];
  entries: HarEntry[];
  creator?: string;
}
