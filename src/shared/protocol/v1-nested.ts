import { z } from 'zod';

// Nested action/observation kinds (protocol §2.3). Unknown nested kinds stay valid (open set).
const TextOrImageSchema = z.looseObject({ type: z.string().optional(), text: z.string().optional(), image_urls: z.array(z.string()).optional() });
const ObservationBase = z.looseObject({ kind: z.string(), content: z.array(TextOrImageSchema).optional(), is_error: z.boolean().optional() });
const TerminalAction = z.looseObject({ kind: z.string(), command: z.string(), is_input: z.boolean().optional(), reset: z.boolean().optional() });
const TerminalObservation = ObservationBase.extend({ command: z.string().nullish(), exit_code: z.number().nullish() });
const FileEditorAction = z.looseObject({ kind: z.string(), command: z.string(), path: z.string() });
const FileEditorObservation = ObservationBase.extend({ command: z.string(), path: z.string().nullish() });
const TaskItem = z.looseObject({ title: z.string(), status: z.string() });

export const NESTED_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['TerminalAction', TerminalAction],
  ['ExecuteBashAction', TerminalAction],
  ['TerminalObservation', TerminalObservation],
  ['ExecuteBashObservation', TerminalObservation],
  ['FileEditorAction', FileEditorAction],
  ['StrReplaceEditorAction', FileEditorAction],
  ['PlanningFileEditorAction', FileEditorAction],
  ['FileEditorObservation', FileEditorObservation],
  ['PlanningFileEditorObservation', FileEditorObservation],
  ['TaskTrackerAction', z.looseObject({ kind: z.string(), command: z.string(), task_list: z.array(TaskItem).optional() })],
  ['FinishAction', z.looseObject({ kind: z.string(), message: z.string() })],
  ['ThinkAction', z.looseObject({ kind: z.string(), thought: z.string() })],
  ['MCPToolAction', z.looseObject({ kind: z.string(), data: z.looseObject({}) })],
  ['BrowserNavigateAction', z.looseObject({ kind: z.string(), url: z.string() })],
  ['BrowserObservation', ObservationBase.extend({ screenshot_data: z.string().nullish() })],
  ['FinishObservation', ObservationBase],
  ['ThinkObservation', ObservationBase],
  ['MCPToolObservation', ObservationBase],
]);
