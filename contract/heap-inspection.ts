import { z } from 'zod';

/** One global of a heap (or property below one), as the GUI's inspector lists it. */
export const heapEntrySchema = z.strictObject({
  name: z.string(),
  /** The property key, when it is a string (symbols cannot be expanded). */
  key: z.string().optional(),
  type: z.string(),
  preview: z.string(),
  expandable: z.boolean(),
});

export const heapInspectionSchema = z.strictObject({
  entries: z.array(heapEntrySchema),
  /** Properties beyond the ones listed. */
  more: z.number(),
});

export type HeapEntry = z.infer<typeof heapEntrySchema>;
export type HeapInspection = z.infer<typeof heapInspectionSchema>;
