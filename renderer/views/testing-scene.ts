/** Shared by the `*-scene.test.ts` files only (imports the engine; never imported by the app). */
import { createSimulation } from '../../src/host/simulation';
import { findLesson } from '../../src/lessons/index';
import type { SimState } from '../../src/model/state';
import type { SceneNode } from './view';

/** Test helpers for the scene models: a lesson's state at a time, and a scene's items flattened. */

export function lessonState(lessonId: string, untilNs = Number.MAX_SAFE_INTEGER): SimState {
  const lesson = findLesson(lessonId);
  if (!lesson) throw new Error(`no lesson ${lessonId}`);
  const engine = createSimulation(lesson);
  engine.runUntil(untilNs);
  return engine.state;
}

export function flatten(nodes: readonly SceneNode[]): SceneNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}

export function byId(nodes: readonly SceneNode[], id: string): SceneNode {
  const found = flatten(nodes).find((n) => n.id === id);
  if (!found) throw new Error(`no scene item ${id} in ${flatten(nodes).map((n) => n.id).join(', ')}`);
  return found;
}
