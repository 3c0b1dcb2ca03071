import type { Page } from 'playwright-core';

// The page's DOM as the measuring function below uses it: the tests are type-checked without the
// DOM library (Node's globals only), so the few parts it needs are declared here.
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface PageElement {
  tagName: string;
  classList: Iterable<string>;
  dataset: Record<string, string | undefined>;
  innerText?: string;
  scrollWidth: number;
  clientWidth: number;
  clientHeight: number;
  parentElement: PageElement | null;
  disabled?: boolean;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  contains(other: PageElement): boolean;
  getBoundingClientRect(): Box;
  scrollIntoView(options: { block: string; inline: string }): void;
  checkVisibility(options: { visibilityProperty: boolean }): boolean;
}
interface PageStyle {
  display: string;
  overflowX: string;
  overflowY: string;
  textOverflow: string;
}
type PageGlobals = {
  document: {
    documentElement: PageElement;
    body: PageElement & { querySelectorAll(selector: string): Iterable<PageElement> };
    querySelectorAll(selector: string): Iterable<PageElement>;
    elementFromPoint(x: number, y: number): PageElement | null;
  };
  getComputedStyle(element: PageElement): PageStyle;
  requestAnimationFrame(callback: () => void): void;
};

/**
 * What breaks the window's fit in the page as it is now, one line per element and rule, each
 * naming the element (tag, test id or label, classes, start of its text) so a failure says what
 * to fix; empty when it fits:
 * - the page scrolls sideways (`document.documentElement.scrollWidth` over its client width);
 * - a panel, or any element that scrolls, is wider inside than its box (content cut off or a
 *   sideways scrollbar);
 * - text cut with an ellipsis has no title to show it whole, and is not in a control whose click
 *   shows it;
 * - a visible, enabled button is cut off or covered once its scrolling ancestors brought it into
 *   view (it is then not in the viewport, sticks out of a box that clips it, or another element
 *   is over its centre).
 * It scrolls panels to reach each button: the caller checks one view in one state at a time.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const { document, getComputedStyle, requestAnimationFrame } =
      globalThis as unknown as PageGlobals;
    // Measured once a frame is drawn after the last change (a resize re-renders the message list).
    await new Promise<void>((done) => requestAnimationFrame(done));
    const SLACK = 1;
    const problems: string[] = [];
    const name = (element: PageElement) => {
      const testId = element.dataset.testid ? `[data-testid=${element.dataset.testid}]` : '';
      const label = element.getAttribute('aria-label');
      const classes = [...element.classList].map((c) => `.${c}`).join('');
      const text = (element.innerText ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${element.tagName.toLowerCase()}${testId}${classes}${label ? ` "${label}"` : ''}>${text ? ` "${text}"` : ''}`;
    };
    const clips = (style: PageStyle) => style.overflowX !== 'visible';
    const scrolls = (value: string) => value === 'auto' || value === 'scroll';

    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + SLACK) {
      problems.push(`the page scrolls sideways: ${root.scrollWidth} px in ${root.clientWidth} px`);
    }

    const panels = new Set(
      document.querySelectorAll(
        'main, nav, section, header, form, fieldset, table, ul, ol, dl, .split > *',
      ),
    );
    for (const element of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.display === 'contents') continue;
      const scroller = scrolls(style.overflowX) || scrolls(style.overflowY);
      const cutsText = style.textOverflow === 'ellipsis' && clips(style);
      if ((scroller || (panels.has(element) && !clips(style))) && !cutsText) {
        if (element.scrollWidth > element.clientWidth + SLACK) {
          problems.push(
            `${name(element)} is ${element.scrollWidth} px wide inside a box of ${element.clientWidth} px`,
          );
        }
      }
      if (
        cutsText &&
        element.scrollWidth > element.clientWidth + SLACK &&
        !element.closest('[title], button, [role="option"], a')
      ) {
        problems.push(`${name(element)} is cut with an ellipsis and has no title to show it whole`);
      }
    }

    const buttons = [...document.querySelectorAll('button')].filter(
      (button) => !button.disabled && button.checkVisibility({ visibilityProperty: true }),
    );
    for (const button of buttons) {
      button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = button.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const outside = (rect: { left: number; top: number; right: number; bottom: number }) =>
        box.left < rect.left - SLACK ||
        box.top < rect.top - SLACK ||
        box.right > rect.right + SLACK ||
        box.bottom > rect.bottom + SLACK;
      if (outside({ left: 0, top: 0, right: root.clientWidth, bottom: root.clientHeight })) {
        problems.push(`${name(button)} cannot be scrolled fully into the viewport`);
        continue;
      }
      let clipper = button.parentElement;
      while (clipper && clipper !== document.body) {
        if (clips(getComputedStyle(clipper)) && outside(clipper.getBoundingClientRect())) {
          problems.push(`${name(button)} is cut off by ${name(clipper)}`);
          break;
        }
        clipper = clipper.parentElement;
      }
      const over = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (over && !button.contains(over)) {
        problems.push(`${name(button)} is covered by ${name(over)}`);
      }
    }
    return problems;
  });
}
