import { fireEvent, render, screen } from '@testing-library/react';
import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { createTheme } from '@grafana/data';
import { Link } from './Link';

/** `#rrggbb` as the computed style writes it. */
const hexToRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

function Where() {
  const l = useLocation();
  return <div data-testid="where">{`${l.pathname}${l.search}`}</div>;
}

function renderAt(link: React.ReactElement, basename?: string) {
  return render(
    <MemoryRouter initialEntries={[`${basename ?? ''}/a/app/start`]} basename={basename}>
      {link}
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('Link', () => {
  it('renders a real href and navigates in the app on a plain click', () => {
    renderAt(<Link to="/a/app/tenants/acme?tab=overview">acme</Link>);
    const a = screen.getByRole('link', { name: 'acme' });
    expect(a).toHaveAttribute('href', '/a/app/tenants/acme?tab=overview');
    fireEvent.click(a, { button: 0 });
    expect(screen.getByTestId('where')).toHaveTextContent('/a/app/tenants/acme?tab=overview');
  });

  it('looks like a link: the theme’s link colour, keeping a class of its own', () => {
    renderAt(
      <Link to="/a/app/x" className="mine">
        x
      </Link>
    );
    const a = screen.getByRole('link', { name: 'x' });
    expect(a).toHaveClass('mine');
    expect(getComputedStyle(a).color).toBe(hexToRgb(createTheme().colors.text.link));
  });

  it('keeps the router base in the href (Grafana served from a sub-path)', () => {
    renderAt(<Link to="/a/app/jobs/1">job</Link>, '/grafana');
    expect(screen.getByRole('link', { name: 'job' })).toHaveAttribute('href', '/grafana/a/app/jobs/1');
  });

  it('leaves modified clicks, other buttons and other targets to the browser', () => {
    renderAt(
      <>
        <Link to="/a/app/x">x</Link>
        <Link to="/a/app/y" target="_blank">
          y
        </Link>
      </>
    );
    fireEvent.click(screen.getByRole('link', { name: 'x' }), { button: 0, ctrlKey: true });
    fireEvent.click(screen.getByRole('link', { name: 'x' }), { button: 0, metaKey: true });
    fireEvent.click(screen.getByRole('link', { name: 'x' }), { button: 1 });
    fireEvent.click(screen.getByRole('link', { name: 'y' }), { button: 0 });
    expect(screen.getByTestId('where')).toHaveTextContent('/a/app/start');
  });

  it('runs the caller’s onClick, which may cancel the navigation', () => {
    const onClick = jest.fn((e: React.MouseEvent) => e.preventDefault());
    renderAt(
      <Link to="/a/app/z" onClick={onClick}>
        z
      </Link>
    );
    fireEvent.click(screen.getByRole('link', { name: 'z' }), { button: 0 });
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('where')).toHaveTextContent('/a/app/start');
  });
});
