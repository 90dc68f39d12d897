import { createRule } from './rule';

/** A document that does not parse; the file's other documents are still checked. */
export default createRule({
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'Reports YAML that does not parse, and documents over the alias expansion limit.',
  messages: {
    syntax: 'YAML syntax error: {{message}}',
  },
  *checkDocument(doc) {
    if (!doc.error) return;
    yield { messageId: 'syntax', data: { message: doc.error.message }, start: doc.error.start, end: doc.error.end };
  },
});
