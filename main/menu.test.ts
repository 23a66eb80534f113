import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MenuCommands } from './channels';
import { menuTemplate, type MenuActions } from './menu';

const actions = (): MenuActions & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    open: () => calls.push('open'),
    openRecent: (p) => calls.push(`recent:${p}`),
    clearRecent: () => calls.push('clear'),
    togglePresenter: () => calls.push('presenter'),
    sendToRenderer: (c) => calls.push(`send:${c}`),
  };
};

const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

describe('menuTemplate', () => {
  it('has File, Edit, View and Help on Linux and Windows', () => {
    const template = menuTemplate({ recent: [], presenterOn: false, platform: 'linux', appName: 'Isolation Lab' }, actions());
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const view = sub(template[2]).map((i) => i.role).filter(Boolean);
    expect(view).toEqual(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']);
    expect(sub(template[0]).some((i) => i.role === 'quit')).toBe(true);
  });

  it('lists recent files newest first and wires their clicks', () => {
    const a = actions();
    const template = menuTemplate({ recent: ['/home/u/b.json', '/home/u/a.json'], presenterOn: false, platform: 'linux', appName: 'Isolation Lab' }, a);
    const recent = sub(find(sub(template[0]), 'Open Recent'));
    expect(recent.slice(0, 2).map((i) => i.label)).toEqual(['b.json', 'a.json']);
    click(recent[0]);
    click(find(recent, 'Clear Recent'));
    click(find(sub(template[0]), 'Open…'));
    expect(a.calls).toEqual(['recent:/home/u/b.json', 'clear', 'open']);
  });

  it('shows a disabled placeholder when there are no recent files', () => {
    const recent = sub(find(sub(menuTemplate({ recent: [], presenterOn: false, platform: 'win32', appName: 'X' }, actions())[0]), 'Open Recent'));
    expect(recent[0]).toMatchObject({ label: 'No Recent Files', enabled: false });
    expect(find(recent, 'Clear Recent')?.enabled).toBe(false);
  });

  it('has zoom roles (200 % zoom reflows the window) and sends Reduce Motion to the renderer', () => {
    const a = actions();
    const view = sub(menuTemplate({ recent: [], presenterOn: false, platform: 'linux', appName: 'Isolation Lab' }, a)[2]);
    expect(view.filter((i) => i.role === 'zoomIn' || i.role === 'zoomOut' || i.role === 'resetZoom')).toHaveLength(3);
    click(find(view, 'Reduce Motion On / Off'));
    expect(a.calls).toEqual([`send:${MenuCommands.motion}`]);
  });

  it('sends Help items to the renderer over the menu channel commands', () => {
    const a = actions();
    const help = sub(menuTemplate({ recent: [], presenterOn: true, platform: 'linux', appName: 'Isolation Lab' }, a)[3]);
    click(find(help, 'Keyboard Shortcuts'));
    click(find(help, 'About Isolation Lab'));
    expect(a.calls).toEqual([`send:${MenuCommands.shortcuts}`, `send:${MenuCommands.about}`]);
  });

  it('sends View › Projector Theme to the renderer, which owns the theme', () => {
    const a = actions();
    const view = sub(find(menuTemplate({ recent: [], presenterOn: false, platform: 'linux', appName: 'Isolation Lab' }, a), '&View'));
    click(find(view, 'Projector Theme (Light) On / Off'));
    expect(a.calls).toEqual([`send:${MenuCommands.theme}`]);
  });

  it('adds the app menu on macOS and reflects presenter mode', () => {
    const spy = vi.fn();
    const template = menuTemplate({ recent: [], presenterOn: true, platform: 'darwin', appName: 'Isolation Lab' }, { ...actions(), togglePresenter: spy });
    expect(template[0]?.label).toBe('Isolation Lab');
    const presenter = find(sub(find(template, '&View')), 'Presenter Mode');
    expect(presenter?.checked).toBe(true);
    click(presenter);
    expect(spy).toHaveBeenCalledOnce();
  });
});
