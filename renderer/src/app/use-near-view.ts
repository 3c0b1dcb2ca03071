import { createContext, type RefObject, useContext, useEffect, useState } from 'react';

/** The box that scrolls what is watched (a session's runs), or null for the page. */
export const ScrollBox = createContext<Element | null>(null);

/**
 * Whether `target` is near the view of its scroll box: true once it comes within half a box of
 * it, false again once it is three boxes away (between the two it stays as it was, so scrolling
 * to and fro does not load and drop by turns). What is drawn only near the view costs nothing
 * while far from it.
 */
export function useNearView(target: RefObject<Element | null>): boolean {
  const root = useContext(ScrollBox);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const watch = (margin: string, onChange: (intersecting: boolean) => void) => {
      const observer = new IntersectionObserver(
        (entries) => {
          const entry = entries.at(-1);
          if (entry) onChange(entry.isIntersecting);
        },
        { root, rootMargin: margin },
      );
      observer.observe(element);
      return observer;
    };
    const close = watch('50% 0px', (intersecting) => intersecting && setNear(true));
    const far = watch('300% 0px', (intersecting) => !intersecting && setNear(false));
    return () => {
      close.disconnect();
      far.disconnect();
    };
  }, [target, root]);
  return near;
}
