// Product facts the engine reports (SARIF driver, rule links); package.json is the single source.
import pkg from '../../package.json';

export const TOOL_NAME = 'kube-label-lint';
export const TOOL_VERSION: string = pkg.version;
export const HOMEPAGE: string = pkg.homepage;

export function ruleDocsUrl(id: string): string {
  return `${HOMEPAGE}/blob/main/docs/rules/${id}.md`;
}
