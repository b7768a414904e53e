import type { WorkflowItem } from '../domain/engine/types.ts';
import type { StoreData } from '../store/schema.ts';

/**
 * The item stored under an id a card carried or someone typed — never a property of Object.prototype
 * (`__proto__`, `constructor`): records are plain objects keyed by id.
 */
export function ownItem(data: Pick<StoreData, 'items'>, id: string): WorkflowItem | undefined {
  return Object.hasOwn(data.items, id) ? data.items[id] : undefined;
}
