import type {
  CircuitState, ContentsCategory, CustomsDecision, CustomsDirection, CustomsLane, CustomsState, DeliveryState, DispatchState,
  HubExceptionKind, HubParcelState, InspectionOutcome, PostalService, ReceptacleState, Role, ShipmentStatus, TransportMode,
} from '../graphql/generated/graphql';
import { isMessageKey, type MessageKey, type Translate } from './i18n';

export { SHIPMENT_STATUSES } from './shipment-statuses';

/**
 * The one place an API enum value becomes words: each catalog prefix with the enum it names. Screens
 * call `enumLabel(t, 'status', parcel.status)` and never show the raw value.
 */
export interface Labelled {
  status: ShipmentStatus;
  role: Role;
  service: PostalService;
  category: ContentsCategory;
  'customs.state': CustomsState;
  'customs.lane': CustomsLane | 'ALL';
  'customs.direction': CustomsDirection;
  'customs.decision': CustomsDecision;
  'customs.outcome': InspectionOutcome;
  'hub.state': HubParcelState | ReceptacleState | DispatchState;
  'hub.exception': HubExceptionKind;
  'hub.exceptionReason': HubExceptionReason;
  'hub.transport': TransportMode;
  'webhook.delivery': DeliveryState;
  'webhook.circuit': CircuitState;
}

/** HubException.reason is a String in the SDL; these are the values its description lists. */
const HUB_EXCEPTION_REASONS = ['MALFORMED_NUMBER', 'UNKNOWN_NUMBER', 'OTHER_HUB', 'HEAVIER', 'LIGHTER'] as const;
export type HubExceptionReason = (typeof HUB_EXCEPTION_REASONS)[number];
export const isHubExceptionReason = (reason: string): reason is HubExceptionReason => (HUB_EXCEPTION_REASONS as readonly string[]).includes(reason);

/** Every value of every labelled enum has a catalog key: a value the API adds fails `tsc` here, naming its key. */
type Unlabelled = { [P in keyof Labelled]: Exclude<`${P}.${Labelled[P]}`, MessageKey> }[keyof Labelled];
const everyValueLabelled: [Unlabelled] extends [never] ? true : Unlabelled = true;
void everyValueLabelled;

export function enumLabel<P extends keyof Labelled>(t: Translate, prefix: P, value: Labelled[P]): string {
  return t(`${prefix}.${value}` as MessageKey);
}

/**
 * An audit record's action (`customs.decision.release`, `shipment.status_changed` …) in words. Actions
 * are plain strings in the API, so one newer than this console shows as it is rather than as a key.
 */
export function auditActionLabel(t: Translate, action: string): string {
  const key = `audit.${action}`;
  return isMessageKey(key) ? t(key) : action;
}
