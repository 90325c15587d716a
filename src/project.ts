/** Where the project lives; docs links in reports point here. */
export const PROJECT_URL = "https://github.com/antrea-io/kubectl-antrea-mc";
export const CHECKS_DOC_URL = `${PROJECT_URL}/blob/main/docs/checks.md`;

export function docsUrl(checkId: string): string {
  return `${CHECKS_DOC_URL}#${checkId}`;
}
