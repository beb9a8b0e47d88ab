export { renderMarkdown } from './render-markdown';
export { renderHtml } from './render-html';
