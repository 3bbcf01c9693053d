/**
 * A part of the panel that failed to render says so where it stood. Without it one record that
 * threw while rendering (a time no Date can hold, once) unmounted the whole panel tree, and the
 * event log went blank with nothing to say why. The rest of the panel keeps working; "Try again"
 * renders the part anew (after the data changed, say).
 */
import { Component, type ComponentChildren } from 'preact';

export interface ErrorBoundaryProps {
  /** What the part is, for the message: "event log", "record detail". */
  label: string;
  children?: ComponentChildren;
}

interface ErrorBoundaryState {
  error?: string;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  static override getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }

  override componentDidCatch(error: unknown): void {
    // Also in the DevTools console of the panel, with the stack that the message leaves out.
    console.error(`${this.props.label} failed to render`, error);
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <div class="render-error" role="alert" data-part={this.props.label}>
        <p>The {this.props.label} could not be shown: {error}</p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>Try again</button>
      </div>
    );
  }
}
