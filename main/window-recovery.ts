/**
 * What the user is told (and offered) when the page crashes, hangs, or a deep link would throw
 * work away. Pure, so the wording and choices are unit-tested; main/renderer-health.ts and main/deep-link-service.ts show the dialogs.
 */
export interface Prompt {
  message: string;
  detail: string;
  /** Button labels; index 0 is the action, the last one keeps things as they are. */
  buttons: string[];
}

export function pageGonePrompt(reason: string, recordingWasOpen: boolean): Prompt {
  return {
    message: `The Isolation Lab window stopped (${reason}).`,
    detail: recordingWasOpen
      ? 'Your recording was closed with everything recorded up to the crash; the file is valid and can be replayed. Reload to continue.'
      : 'Reload to continue; the simulator kept your session.',
    buttons: ['Reload', 'Close window'],
  };
}

export function unresponsivePrompt(recordingOpen: boolean): Prompt {
  return {
    message: 'The Isolation Lab window is not responding.',
    detail: recordingOpen
      ? 'Wait, or reload the window. Reloading closes the recording with everything recorded so far (a valid file).'
      : 'Wait, or reload the window.',
    buttons: ['Reload', 'Wait'],
  };
}

/** A deep link replaces the open lesson: ask first when that would end a recording or drop changes. */
export function deepLinkPrompt(lessonId: string, state: { recording: boolean; inputs: number }): Prompt | null {
  if (!state.recording && state.inputs === 0) return null;
  const losing = [
    state.recording ? 'end the recording in progress (the file keeps everything recorded so far)' : '',
    state.inputs > 0 ? `replace the current session and its ${state.inputs} change${state.inputs === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return {
    message: `A link asks to open the lesson "${lessonId}".`,
    detail: `Opening it will ${losing.join(' and ')}.`,
    buttons: ['Open the lesson', 'Keep working'],
  };
}
