import { useState } from 'preact/hooks';
import { SendRestResultSchema, type Command } from '../../../shared/port/messages';
import type { ComposerDraft } from '../../composer/draft';
import type { TemplateStorage } from '../../composer/templates';
import type { Conversation } from '../../store/conversation';
import { Composer } from './Composer';
import { SendAgainButton } from './SendAgainButton';
import type { CommandResult, RestSendResult } from './types';

/** Sends one SW command; rejects with the SW's error (the store's `command`). */
export type RunCommand = (what: string, command: Command) => Promise<unknown>;

async function asResult(pending: Promise<unknown>): Promise<CommandResult> {
  try {
    return { ok: true, value: await pending };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** What the SW answered a `sendRest`: a POST that went unanswered is not an error (it may have been delivered). */
function restSendResult(result: CommandResult): RestSendResult {
  if (!result.ok) return result;
  const answer = SendRestResultSchema.safeParse(result.value);
  return answer.success && answer.data.delivery === 'unanswered' ? { ok: true, unanswered: answer.data.detail ?? 'no answer' } : { ok: true };
}

export interface ConversationComposerProps {
  conversation: Conversation;
  command: RunCommand;
  /** Fetches the full record behind a listing (the store's loadFullRecord): "Send again" of a preview. */
  loadFullRecord?: (key: string, seq: number) => Promise<void>;
  templateStorage?: TemplateStorage;
}

/** The composer bound to one conversation: its generation, socket state, commands and "Send again". */
export function ConversationComposer({ conversation, command, loadFullRecord, templateStorage }: ConversationComposerProps) {
  const [prefill, setPrefill] = useState<ComposerDraft | undefined>();
  const key = conversation.key;
  const status = conversation.status.value;

  return (
    <div class="conversation-composer">
      {!conversation.isImported && <SendAgainButton conversation={conversation} loadFullRecord={loadFullRecord} onDraft={setPrefill} />}
      <Composer
        protocol={status?.generation}
        socketState={status?.state}
        prefill={prefill}
        state={conversation.composer}
        templateStorage={templateStorage}
        disabledReason={conversation.isImported ? 'This is an imported recording: there is no server to send to. Replay it with `npm run replay` to poke it.' : undefined}
        send={(frame) => asResult(command('send', { name: 'send', key, frame }))}
        sendRest={async (message, run) => restSendResult(await asResult(command('send over REST', { name: 'sendRest', key, message, run })))}
        control={(action, reason) => asResult(command(action, { name: 'control', key, action, ...(reason ? { reason } : {}) }))}
      />
    </div>
  );
}
