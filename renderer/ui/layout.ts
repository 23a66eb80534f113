import { h, icon } from './dom';

export interface LayoutSlots {
  app: HTMLElement;
  tabs: HTMLElement;
  lessonTitle: HTMLElement;
  lessons: HTMLElement;
  narration: HTMLElement;
  stage: HTMLElement;
  canvasHost: HTMLElement;
  errors: HTMLElement;
  inspector: HTMLElement;
  violations: HTMLElement;
  timeline: HTMLElement;
  transport: HTMLElement;
  helpButton: HTMLButtonElement;
}

/**
 * ARCHITECTURE §7 layout: lessons and narration left, canvas centre, inspector right, timeline
 * and transport along the bottom. The side panels collapse (toggle buttons in the top bar).
 */
export function createLayout(app: HTMLElement): LayoutSlots {
  const toggle = (side: 'left' | 'right', text: string) => {
    const button = h('button', { type: 'button', class: 'icon-button', 'aria-label': text, title: text, 'aria-pressed': 'true', 'aria-controls': `${side}-panel` }, icon('panel'));
    if (side === 'right') button.classList.add('mirror');
    button.addEventListener('click', () => {
      const collapsed = app.classList.toggle(`${side}-collapsed`);
      button.setAttribute('aria-pressed', String(!collapsed));
    });
    return button;
  };
  const tabs = h('nav', { class: 'tabs-slot', 'aria-label': 'Views' });
  const lessonTitle = h('span', { class: 'lesson-name', 'data-testid': 'lesson-title' });
  const helpButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)', 'aria-keyshortcuts': '?' }, icon('help'));
  const lessons = h('section', { class: 'panel-section lessons', 'aria-label': 'Lessons' });
  const narration = h('section', { class: 'panel-section narration', 'aria-label': 'Narration' });
  const canvasHost = h('div', { class: 'canvas-host', 'data-testid': 'canvas-host' });
  const errors = h('div', { class: 'errors-slot' });
  const stage = h('main', { id: 'stage', class: 'stage', 'aria-label': 'Simulation canvas' }, canvasHost, errors);
  const inspector = h('section', { class: 'panel-section inspector', 'aria-label': 'Inspector' });
  const violations = h('section', { class: 'panel-section violations', 'aria-label': 'Violations' });
  const timeline = h('div', { class: 'timeline' });
  const transport = h('div', { class: 'transport', role: 'toolbar', 'aria-label': 'Transport' });
  app.replaceChildren(
    h('header', { class: 'topbar' },
      toggle('left', 'Toggle lessons panel'),
      h('h1', { class: 'brand' }, 'Isolation Lab'),
      lessonTitle,
      tabs,
      h('span', { class: 'spacer' }),
      helpButton,
      toggle('right', 'Toggle inspector panel'),
    ),
    h('aside', { id: 'left-panel', class: 'side left', 'aria-label': 'Lessons and narration' }, lessons, narration),
    stage,
    h('aside', { id: 'right-panel', class: 'side right', 'aria-label': 'Scene, inspector and violations' }, inspector, violations),
    h('footer', { class: 'bottom' }, timeline, transport),
  );
  return { app, tabs, lessonTitle, lessons, narration, stage, canvasHost, errors, inspector, violations, timeline, transport, helpButton };
}
