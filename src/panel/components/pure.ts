/**
 * `pure(render)`: a component that re-renders only when one of its props changed (shallow,
 * by identity). What preact/compat's `memo` does, without importing compat, which installs
 * option hooks that every vnode of the panel would then pay for.
 */
import { Component, type ComponentChild } from 'preact';

function shallowEqualProps(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) if (left[key] !== right[key]) return false;
  for (const key in right) if (!(key in left)) return false;
  return true;
}

export function pure<P extends object>(render: (props: P) => ComponentChild, displayName = render.name) {
  class Pure extends Component<P> {
    static override displayName = displayName;
    override shouldComponentUpdate(next: P): boolean {
      return !shallowEqualProps(this.props, next);
    }
    override render() {
      return render(this.props);
    }
  }
  return Pure;
}
