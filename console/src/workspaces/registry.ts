import type { ComponentType } from 'react';
import type { Role } from '../graphql/generated/graphql';
import type { MessageKey } from '../i18n/i18n';
import { customsWorkspace } from './customs/customs.workspace';
import { hubWorkspace } from './hub/hub.workspace';
import { sellerWorkspace } from './seller/seller.workspace';

/** One screen of a workspace, reached at #/<workspace>/<section>. */
export interface WorkspaceSection {
  id: string;
  title: MessageKey;
  Component: ComponentType;
}

/** A workspace: the screens one kind of user works in, shown to the roles listed. */
export interface Workspace {
  id: string;
  title: MessageKey;
  roles: readonly Role[];
  sections: readonly WorkspaceSection[];
}

/**
 * Every workspace of the console, in menu order. To add one: write console/src/workspaces/<name>/
 * with a `<name>.workspace.ts` exporting a Workspace, and list it here.
 */
export const WORKSPACES: readonly Workspace[] = [sellerWorkspace, customsWorkspace, hubWorkspace];

export const workspacesFor = (role: Role): Workspace[] => WORKSPACES.filter((w) => w.roles.includes(role));
