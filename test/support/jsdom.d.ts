/**
 * The one thing the Mermaid test uses from jsdom. Not @types/jsdom: it pulls the DOM library into
 * the whole program, whose ReadableStream then lacks Node's async iterator (src/collect/kube).
 */
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string);
    readonly window: { readonly document: unknown };
  }
}
