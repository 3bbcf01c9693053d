import { z } from 'zod';

/** The three OpenHands server generations (architecture §2). */
export const GenerationSchema = z.enum(['v0-socketio', 'v1-events', 'v1-session']);
export type Generation = z.infer<typeof GenerationSchema>;

/** What a person may ask for: a generation, or `auto` (newest the server offers). */
export const ProtocolChoiceSchema = z.enum(['v0-socketio', 'v1-events', 'v1-session', 'auto']);
export type ProtocolChoice = z.infer<typeof ProtocolChoiceSchema>;
