/**
 * The answer to `listConversations`, validated where it enters the panel. Accepts our own
 * list items and the agent server's REST shape (`execution_status`, `updated_at`), so the SW
 * may pass the server's page through unchanged.
 */
import { z } from 'zod';

const ItemSchema = z.object({
  id: z.string(),
  title: z.string().nullish(),
  status: z.string().nullish(),
  execution_status: z.string().nullish(),
  updatedAt: z.string().nullish(),
  updated_at: z.string().nullish(),
});

const ListSchema = z.union([z.array(ItemSchema), z.object({ items: z.array(ItemSchema) }).transform((page) => page.items)]);

export interface ListedConversation {
  id: string;
  title?: string;
  status?: string;
  updatedAt?: string;
}

/** Parses the SW's answer; throws a readable error when it has another shape. */
export function parseConversationList(value: unknown): ListedConversation[] {
  const parsed = ListSchema.safeParse(value);
  if (!parsed.success) throw new Error(`unexpected conversation list: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  return parsed.data.map((item) => {
    const title = item.title ?? undefined;
    const status = item.status ?? item.execution_status ?? undefined;
    const updatedAt = item.updatedAt ?? item.updated_at ?? undefined;
    return { id: item.id, ...(title ? { title } : {}), ...(status ? { status } : {}), ...(updatedAt ? { updatedAt } : {}) };
  });
}
