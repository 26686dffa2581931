import { css } from 'lit';

/** Styles of a rendered Markdown reply: blocks, tables, code with its Copy bar, syntax colours. */
export const markdownStyles = css`
  .markdown {
    overflow-wrap: anywhere;
  }
  .markdown > :first-child {
    margin-top: 0;
  }
  .markdown > :last-child {
    margin-bottom: 0;
  }
  .markdown p,
  .markdown ul,
  .markdown ol,
  .markdown blockquote,
  .markdown table,
  .markdown .code-block {
    margin: 0 0 var(--cairn-space-2);
  }
  .markdown ul,
  .markdown ol {
    padding-left: 1.4em;
  }
  .markdown h1,
  .markdown h2,
  .markdown h3,
  .markdown h4 {
    margin: var(--cairn-space-3) 0 var(--cairn-space-2);
    font-size: var(--cairn-text-md);
  }
  .markdown h1 {
    font-size: var(--cairn-text-lg);
  }
  .markdown blockquote {
    padding-left: var(--cairn-space-3);
    border-left: 3px solid var(--cairn-border);
    color: var(--cairn-text-muted);
  }
  .markdown a {
    color: var(--cairn-accent);
  }
  .markdown :not(pre) > code {
    padding: 0.1em 0.3em;
    border-radius: 4px;
    background: var(--cairn-surface-2);
    font-family: var(--cairn-mono);
    font-size: 0.9em;
  }
  .markdown table {
    display: block;
    max-width: 100%;
    overflow-x: auto;
    border-collapse: collapse;
    font-size: var(--cairn-text-sm);
  }
  .markdown th,
  .markdown td {
    padding: var(--cairn-space-1) var(--cairn-space-2);
    border: 1px solid var(--cairn-border);
    text-align: left;
  }
  .markdown th {
    background: var(--cairn-surface-2);
  }
  .code-block {
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius);
    overflow: hidden;
    background: var(--cairn-code-bg);
  }
  .code-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 2px var(--cairn-space-2);
    border-bottom: 1px solid var(--cairn-border);
    background: var(--cairn-surface-2);
    color: var(--cairn-text-muted);
    font-size: var(--cairn-text-xs);
  }
  .copy {
    padding: 2px var(--cairn-space-2);
    border: 1px solid var(--cairn-border);
    border-radius: 4px;
    background: var(--cairn-surface);
    color: var(--cairn-text);
    font: inherit;
    cursor: pointer;
  }
  .copy:focus-visible {
    outline: 2px solid var(--cairn-focus);
  }
  .code-block pre {
    margin: 0;
    padding: var(--cairn-space-2) var(--cairn-space-3);
    overflow-x: auto;
    font-family: var(--cairn-mono);
    font-size: var(--cairn-text-sm);
    line-height: 1.5;
  }
  .hljs-comment,
  .hljs-quote {
    color: var(--cairn-code-comment);
    font-style: italic;
  }
  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-literal,
  .hljs-doctag {
    color: var(--cairn-code-keyword);
  }
  .hljs-string,
  .hljs-regexp,
  .hljs-addition,
  .hljs-attribute {
    color: var(--cairn-code-string);
  }
  .hljs-number,
  .hljs-symbol,
  .hljs-bullet {
    color: var(--cairn-code-number);
  }
  .hljs-title,
  .hljs-section,
  .hljs-name,
  .hljs-selector-id,
  .hljs-selector-class {
    color: var(--cairn-code-title);
  }
  .hljs-built_in,
  .hljs-type,
  .hljs-attr,
  .hljs-variable,
  .hljs-template-variable,
  .hljs-params {
    color: var(--cairn-code-type);
  }
  .hljs-meta,
  .hljs-deletion {
    color: var(--cairn-code-meta);
  }
`;
