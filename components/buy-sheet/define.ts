import { defineElement } from '../shared/define.js';
import { VitrineBuySheet } from './buy-sheet.js';

defineElement('vitrine-buy-sheet', VitrineBuySheet);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-buy-sheet': VitrineBuySheet;
  }
}

export { VitrineBuySheet };
