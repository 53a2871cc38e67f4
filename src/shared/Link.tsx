/**
 * An in-app link on the router Grafana shares with plugins (`react-router`, v6): a real `<a href>`
 * (open in a new tab, copy the address) whose plain left click navigates without a page load. It
 * stands in for react-router-dom's `Link`, so the bundle carries none of react-router-dom and its
 * data-router core (~75 KB of the JavaScript every page needs; see `npm run bench:ui`). It looks
 * like a link (the theme's link colour, underlined on hover), wherever it is.
 */
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
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
  { to, replace, onClick, target, className, ...rest },
  ref
) {
  const styles = useStyles2(getStyles);
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
  return (
    <a {...rest} ref={ref} href={href} target={target} onClick={handleClick} className={cx(styles.link, className)} />
  );
});

/** The same look for a plain `<a>` to a page outside the app (a Grafana dashboard, say). */
export function useLinkClass(): string {
  return useStyles2(getStyles).link;
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({
    color: theme.colors.text.link,
    '&:hover': { textDecoration: 'underline' },
  }),
});
