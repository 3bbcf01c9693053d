import { z } from 'zod';

/** /server_info: only `version` matters to us; the rest passes through unchecked. */
export const ServerInfoSchema = z.looseObject({ version: z.string().optional() });
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

/** One event as REST serialises it: kept as-is, only the fields we key on are checked. */
export const RestEventSchema = z.looseObject({ id: z.string(), kind: z.string().optional(), timestamp: z.string().optional() });
export type RestEvent = z.infer<typeof RestEventSchema>;

export const EventPageSchema = z.object({ items: z.array(RestEventSchema), next_page_id: z.string().nullable().optional() });
export type EventPage = z.infer<typeof EventPageSchema>;
/** A page plus each item's text exactly as the server sent it (`raws[i]` is `items[i]`). */
export type EventPageWithRaw = EventPage & { raws: string[] };

export const CountSchema = z.number().int().nonnegative();

/** V0 event REST (§5.6): a page of events with integer ids; only the id is checked. */
export const V0EventPageSchema = z.object({ events: z.array(z.looseObject({ id: z.number().int() })), has_more: z.boolean() });
/** A V0 page, newest first, plus each event's text exactly as the server sent it. */
export interface V0EventPage { ids: number[]; raws: string[]; hasMore: boolean }

export const ConversationInfoSchema = z.looseObject({
  id: z.string(),
  title: z.string().nullable().optional(),
  execution_status: z.string().optional(),
});
export type ConversationInfo = z.infer<typeof ConversationInfoSchema>;

export const ConversationPageSchema = z.object({ items: z.array(ConversationInfoSchema), next_page_id: z.string().nullable().optional() });
export type ConversationPage = z.infer<typeof ConversationPageSchema>;

export const SuccessSchema = z.looseObject({ success: z.boolean().optional() });
