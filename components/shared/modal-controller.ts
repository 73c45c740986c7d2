import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { VitrineAfterHideEvent } from '../events/vitrine-after-hide.js';
import { VitrineAfterShowEvent } from '../events/vitrine-after-show.js';
import { VitrineHideEvent, type VitrineHideSource } from '../events/vitrine-hide.js';
import { VitrineShowEvent } from '../events/vitrine-show.js';
import { deepActiveElement, tabbables } from './active-element.js';

/** An element with a reflected `open` property, rendering a `<dialog>`. */
export type ModalHost = ReactiveControllerHost & HTMLElement & { open: boolean };

/** Options of {@link ModalController}. */
export interface ModalOptions {
  /** The host's `<dialog>`, once rendered (`null` when the host renders none, e.g. an inline cart). */
  dialog(): HTMLDialogElement | null | undefined;
  /** Where focus goes on open. Default: the first tabbable element of the dialog. */
  initialFocus?(dialog: HTMLDialogElement): HTMLElement | null | undefined;
  /** After the dialog closed and focus went back (e.g. to fire a legacy event, end subscriptions). */
  afterHide?(): void;
}

/**
 * The modal behaviour every Vitrine overlay shares (the buy sheet, the cart
 * drawer), written once: the host's `open` property drives a native modal
 * `<dialog>` (the page behind is inert); focus moves in on open, Tab and
 * Shift+Tab cycle inside, and focus returns to the element that had it
 * before (looking through shadow roots); Escape, a click on the backdrop and
 * {@link requestClose} close it. It fires, from the host, `vitrine-show`
 * (cancelable) → `vitrine-after-show` on open and `vitrine-hide` (cancelable,
 * with its source) → `vitrine-after-hide` on close, however the change was
 * asked for (user, `show()`/`hide()`, or the `open` property).
 */
export class ModalController implements ReactiveController {
  private bound: HTMLDialogElement | undefined;
  private listeners: AbortController | undefined;
  private returnFocus: HTMLElement | undefined;
  /** The source of a close already announced with `vitrine-hide` (so it is not announced twice). */
  private announced: VitrineHideSource | undefined;
  /** Whether the last pointerdown started on the backdrop (a drag out of the panel is no backdrop click). */
  private downOnBackdrop = false;

  constructor(
    private readonly host: ModalHost,
    private readonly options: ModalOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const dialog = this.options.dialog() ?? undefined;
    if (dialog !== this.bound) this.bind(dialog);
    if (!dialog) return;
    if (this.host.open && !dialog.open) this.show(dialog);
    else if (!this.host.open && dialog.open) this.close(dialog, this.announced ?? 'method');
  }

  hostDisconnected(): void {
    // Removed while open: close silently (nothing to give focus back to on a page that moved on).
    if (this.bound?.open) this.bound.close();
    this.bind(undefined);
    this.returnFocus = undefined;
  }

  /**
   * Asks to close, as the user did through `source`: fires a cancelable
   * `vitrine-hide`; unless it is prevented, the host's `open` becomes false.
   * Returns whether the overlay is closing.
   */
  requestClose(source: VitrineHideSource): boolean {
    if (!this.host.open) return false;
    if (!this.host.dispatchEvent(new VitrineHideEvent({ source }))) return false;
    this.announced = source;
    this.host.open = false;
    return true;
  }

  private show(dialog: HTMLDialogElement): void {
    if (!this.host.dispatchEvent(new VitrineShowEvent())) {
      this.revert(false);
      return;
    }
    this.returnFocus = deepActiveElement();
    try {
      dialog.showModal();
    } catch {
      dialog.setAttribute('open', '');
    }
    (this.options.initialFocus?.(dialog) ?? tabbables(dialog)[0])?.focus();
    this.host.dispatchEvent(new VitrineAfterShowEvent());
  }

  private close(dialog: HTMLDialogElement, source: VitrineHideSource): void {
    const announced = this.announced !== undefined;
    this.announced = undefined;
    if (!announced && !this.host.dispatchEvent(new VitrineHideEvent({ source }))) {
      this.revert(true);
      return;
    }
    dialog.close();
  }

  /** Puts `open` back after a prevented show/hide; after the current update, which is where it was found. */
  private revert(open: boolean): void {
    void Promise.resolve().then(() => (this.host.open = open));
  }

  /** The native `close` event: the dialog is closed, whatever closed it. */
  private readonly onClose = (): void => {
    // `close` is queued: the overlay may have been reopened in between.
    if (this.bound?.open) return;
    if (this.host.open) this.host.open = false;
    const target = this.returnFocus;
    this.returnFocus = undefined;
    if (target?.isConnected) target.focus();
    this.options.afterHide?.();
    this.host.dispatchEvent(new VitrineAfterHideEvent());
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      this.requestClose('escape');
    } else if (event.key === 'Tab' && this.bound) {
      // The modal dialog makes the page inert, but focus would still leave for the browser UI.
      const items = tabbables(this.bound);
      const first = items[0];
      const last = items.at(-1);
      const active = deepActiveElement();
      if (!first || !last) return;
      if (event.shiftKey ? active === first || !items.includes(active!) : active === last) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    }
  };

  /** Escape in browsers that fire `cancel` without a keydown reaching the dialog. */
  private readonly onCancel = (event: Event): void => {
    event.preventDefault();
    this.requestClose('escape');
  };

  private readonly onPointerdown = (event: PointerEvent): void => {
    this.downOnBackdrop = event.target === this.bound;
  };

  /** Only a click that starts and ends on the dialog itself (not its panel) is on the backdrop. */
  private readonly onClick = (event: MouseEvent): void => {
    const onBackdrop = event.target === this.bound && (this.downOnBackdrop || event.detail === 0);
    this.downOnBackdrop = false;
    if (onBackdrop) this.requestClose('backdrop');
  };

  private bind(dialog: HTMLDialogElement | undefined): void {
    this.listeners?.abort();
    this.listeners = undefined;
    this.bound = dialog;
    if (!dialog) return;
    const { signal } = (this.listeners = new AbortController());
    dialog.addEventListener('close', this.onClose, { signal });
    dialog.addEventListener('cancel', this.onCancel, { signal });
    dialog.addEventListener('keydown', this.onKeydown, { signal });
    dialog.addEventListener('pointerdown', this.onPointerdown, { signal });
    dialog.addEventListener('click', this.onClick, { signal });
  }
}
