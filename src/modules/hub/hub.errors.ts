import { fail, type Failure } from '../../platform/failure.js';

/** Stable error codes of the hub module: refusals (typed union results) and AppError codes. */
export type HubErrorCode =
  | 'UNMANIFESTED_PARCEL'
  | 'LOCATION_NOT_FOUND'
  | 'PARCEL_NOT_FOUND'
  | 'PARCEL_NOT_RELEASED'
  | 'PARCEL_NOT_RECEIVED'
  | 'ALREADY_IN_RECEPTACLE'
  | 'NO_LANE'
  | 'LANE_MISMATCH'
  | 'DANGEROUS_GOODS_MIX'
  | 'REGISTERED_MIX'
  | 'RECEPTACLE_OVERWEIGHT'
  | 'RECEPTACLE_NOT_OPEN'
  | 'PARCEL_NOT_IN_RECEPTACLE'
  | 'RECEPTACLE_EMPTY'
  | 'RECEPTACLE_NOT_IN_DISPATCH'
  | 'DISPATCH_MISMATCH'
  | 'DISPATCH_FULL'
  | 'DISPATCH_NOT_OPEN'
  | 'DISPATCH_EMPTY'
  | 'RECEPTACLES_STILL_OPEN'
  | 'INVALID_AIR_WAYBILL'
  | 'DISPATCH_SERIAL_EXHAUSTED';

/** GraphQL type names of the refusals (schema/hub.graphql), each implementing ErrorResult. */
export type HubRefusalType =
  | 'UnmanifestedParcel'
  | 'LocationNotFound'
  | 'ParcelNotFound'
  | 'ParcelNotReleased'
  | 'ParcelNotReceived'
  | 'AlreadyInReceptacle'
  | 'NoLane'
  | 'LaneMismatch'
  | 'DangerousGoodsMix'
  | 'RegisteredMix'
  | 'ReceptacleOverweight'
  | 'ReceptacleNotOpen'
  | 'ParcelNotInReceptacle'
  | 'ReceptacleEmpty'
  | 'ReceptacleNotInDispatch'
  | 'DispatchMismatch'
  | 'DispatchFull'
  | 'DispatchNotOpen'
  | 'DispatchEmpty'
  | 'ReceptaclesStillOpen'
  | 'InvalidAirWaybill';

/** A hub refusal: the platform's failure shape with the hub's type names and codes. */
export type HubRefusal = Failure<HubRefusalType, HubErrorCode>;

export function refusal(type: HubRefusalType, errorCode: HubErrorCode, message: string, fields: Record<string, unknown> = {}): HubRefusal {
  return fail(type, errorCode, message, fields);
}

export function dispatchNotOpen(d: { dispatchNumber: string; state: string }): HubRefusal {
  return refusal('DispatchNotOpen', 'DISPATCH_NOT_OPEN', `Dispatch ${d.dispatchNumber} is ${d.state}.`, { dispatchNumber: d.dispatchNumber, state: d.state });
}

export function invalidAwb(problem: string, message: string): HubRefusal {
  return refusal('InvalidAirWaybill', 'INVALID_AIR_WAYBILL', message, { problem });
}
