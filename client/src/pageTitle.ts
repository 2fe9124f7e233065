/** The tab's title says where the person is, for switching tabs and for screen readers on arrival. */
import { useEffect } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · groupmap` : 'groupmap';
  }, [title]);
}
