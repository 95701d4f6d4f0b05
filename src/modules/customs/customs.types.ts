import type { Failure, Typed } from '../../platform/failure.js';
import type { SystemActor } from '../auth/principal.js';
import type { RowLocking } from '../shipments/shipments.repository.js';
import type { CustomsErrorCode } from './customs.errors.js';
import type * as repo from './customs.repository.js';
import type { CustomsState } from './customs.state-machine.js';
import type { RiskData } from './risk/risk.types.js';

export type DeclarationRow = repo.DeclarationRow;
export type Decision = 'RELEASE' | 'HOLD' | 'INSPECT' | 'REQUEST_DOCUMENTS' | 'REJECT' | 'SEIZE' | 'RETURN_TO_SENDER';
export type InspectionOutcome = 'CLEAR' | 'DISCREPANCY' | 'PROHIBITED_GOODS';

export const GREEN_CHANNEL_ACTOR: SystemActor = { kind: 'system', name: 'system:green-channel' };
export const ESCALATION_ACTOR: SystemActor = { kind: 'system', name: 'system:customs-escalation' };

export type VersionConflict = Failure<'VersionConflict', 'CONFLICT', { expectedVersion: number; currentVersion: number; currentState: CustomsState }>;
export type IllegalTransition = Failure<'IllegalTransition', 'ILLEGAL_TRANSITION', { from: CustomsState; to: CustomsState }>;
/** A transition that could not happen, returned as data (VersionConflict / IllegalTransition in the SDL). */
export type TransitionFailure = VersionConflict | IllegalTransition;

export type TransitionOutcome = Typed<DeclarationRow, 'CustomsDeclaration'> | TransitionFailure;

export type DutyPaymentRecorded = Typed<{ payment: repo.PaymentRow; declaration: DeclarationRow; replayed: boolean }, 'DutyPaymentRecorded'>;
export type DutyPaymentRejected = Failure<'DutyPaymentRejected', CustomsErrorCode, object>;
export type PaymentOutcome = DutyPaymentRecorded | DutyPaymentRejected;

export interface CustomsOptions {
  /** Declarations the green channel releases per statement. */
  greenChannelBatch: number;
  /** Most declarations one green-channel run releases (it loops over batches). */
  greenChannelMaxPerRun: number;
  greenChannelEvery: string;
  escalateAfterMinutes: number;
  escalationEvery: string;
  /** How shipments rows are held (shipments.repository RowLocking); 'sharded' also keys the addressee window by addressee. */
  locking?: RowLocking;
}

export interface CustomsData {
  risk: RiskData;
}

/** Not yet decided: waiting for the green channel (ASSESSED) or an officer. DUTY_DUE waits for a payment, not customs. */
export const WAITING_STATES: readonly CustomsState[] = ['ASSESSED', 'UNDER_REVIEW', 'HELD_FOR_INSPECTION', 'DOCUMENTS_REQUESTED'];

/** Longest free text (reasons, findings, answers) a customs step takes. */
export const MAX_TEXT = 2000;
