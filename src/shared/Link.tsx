/**
 * An in-app link on the router Grafana shares with plugins (`react-router`, v6): a real `<a href>`
 * (open in a new tab, copy the address) whose plain left click navigates without a page load. It
 * stands in for react-router-dom's `Link`, so the bundle carries none of react-router-dom and its
 * data-router core (~75 KB of the JavaScript every page needs; see `npm run bench:ui`).
 */
import React, { forwardRef, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { useHref, useNavigate, type To } from 'react-router';

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: To;
  replace?: boolean;
}

/** Clicks the browser should handle itself: other buttons, modifier keys, another target. */
function browserHandles(e: MouseEvent<HTMLAnchorElement>, target: string | undefined): boolean {
  return (
    e.defaultPrevented ||
    e.button !== 0 ||
    (target !== undefined && target !== '_self') ||
    e.metaKey ||
    e.altKey ||
    e.ctrlKey ||
    e.shiftKey
  );
}

export const Link = forwardRef<HTMLAnchorElement, LinkProps>(function Link(
  { to, replace, onClick, target, ...rest },
  ref
) {
  const href = useHref(to);
  const navigate = useNavigate();
  const handleClick = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (browserHandles(e, target)) {
      return;
    }
    e.preventDefault();
    navigate(to, { replace });
  };
  return <a {...rest} ref={ref} href={href} target={target} onClick={handleClick} />;
});
