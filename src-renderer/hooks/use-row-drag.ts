import { useState, type DragEvent } from 'react';
import type { RowDrag } from '../screens/AccountRow';

export interface RowDragState {
  /** Handlers for one row; undefined when reordering is off. */
  handlersFor(id: string): RowDrag | undefined;
  overId: string | null;
}

/** Native drag and drop between rows; `onDrop` gets the dragged id, the row dropped on, and whether below its middle. */
export function useRowDrag(enabled: boolean, onDrop: (dragged: string, target: string, after: boolean) => void): RowDragState {
  const [dragged, setDragged] = useState<string | null>(null);
  const [overId, setOverId] = useState<string | null>(null);

  function handlersFor(id: string): RowDrag | undefined {
    if (!enabled) return undefined;
    return {
      onDragStart(event: DragEvent) {
        setDragged(id);
        event.dataTransfer.effectAllowed = 'move';
        // Some platforms start no drag without data; an id is no secret.
        event.dataTransfer.setData('text/x-tessera-account', id);
      },
      onDragOver(event: DragEvent) {
        if (dragged === null) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        if (overId !== id) setOverId(id);
      },
      onDrop(event: DragEvent) {
        event.preventDefault();
        const box = event.currentTarget.getBoundingClientRect();
        if (dragged !== null) onDrop(dragged, id, event.clientY > box.top + box.height / 2);
        setDragged(null);
        setOverId(null);
      },
      onDragEnd() {
        setDragged(null);
        setOverId(null);
      },
    };
  }
  return { handlersFor, overId };
}
