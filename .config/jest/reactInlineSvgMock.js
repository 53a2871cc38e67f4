// @grafana/ui icons load their SVG over HTTP (react-inlinesvg); in jsdom render a plain <svg>.
const React = require('react');

function InlineSVG({ className, title, 'aria-hidden': ariaHidden }) {
  return React.createElement(
    'svg',
    { className, 'aria-hidden': ariaHidden },
    title ? React.createElement('title', null, title) : null
  );
}

module.exports = { __esModule: true, default: InlineSVG, cacheStore: {} };
