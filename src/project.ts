/** Where the project lives; docs links in reports point here. */
export const PROJECT_URL = "https://github.com/antrea-io/kubectl-antrea-mc";
export const CHECKS_DOC_URL = `${PROJECT_URL}/blob/main/docs/checks.md`;

export const VERIFY_DOC_URL = `${PROJECT_URL}/blob/main/docs/verify.md`;

/** verify's probes are documented in docs/verify.md, each under an anchor of its ID. */
export function verifyDocsUrl(id: string): string {
  return `${VERIFY_DOC_URL}#${id}`;
}

export function docsUrl(checkId: string): string {
  return `${CHECKS_DOC_URL}#${checkId}`;
}
