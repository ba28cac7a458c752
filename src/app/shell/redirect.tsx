// Redirect: replaces the current in-app address with another once rendered (no history entry is added).
import { useEffect } from 'preact/hooks';
import { navigate } from './router';

export function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
}
