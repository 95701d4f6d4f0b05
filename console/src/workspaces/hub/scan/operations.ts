import { graphql } from '../../../graphql/generated';
import type { ReceiveParcelMutation } from '../../../graphql/generated/graphql';

export const ReceiveParcel = graphql(`
  mutation ReceiveParcel($input: ReceiveParcelInput!, $hubCode: String) {
    receiveParcel(input: $input, hubCode: $hubCode) {
      __typename
      ... on ParcelReceived {
        alreadyReceived
        weightDiscrepancy { reason declaredWeightGrams measuredWeightGrams }
        parcel {
          trackingNumber state location receivedWeightGrams customsStatus dangerousGoods registered
          lane { destinationOffice mailCategory mailSubclass carrier { code } }
          receptacle { id receptacleNumber }
          suitableReceptacles { id itemCount grossWeightGrams dispatch { dispatchNumber } }
        }
      }
      ... on ErrorResult { errorCode message }
    }
  }
`);

export const AddToBag = graphql(`
  mutation AddToBag($receptacleId: ID!, $trackingNumber: String!) {
    addToReceptacle(receptacleId: $receptacleId, trackingNumber: $trackingNumber) {
      __typename
      ... on Receptacle { id itemCount grossWeightGrams }
      ... on ErrorResult { errorCode message }
    }
  }
`);

export const OpenBags = graphql(`
  query OpenBags($hubCode: String) {
    receptacles(state: [OPEN], first: 200, hubCode: $hubCode) { id itemCount grossWeightGrams lane { destinationOffice mailCategory mailSubclass carrier { code } } dispatch { dispatchNumber } }
  }
`);

export const StationLocations = graphql(`
  query StationLocations($hubCode: String) { hubLocations(hubCode: $hubCode) { code kind } }
`);

export type Received = Extract<ReceiveParcelMutation['receiveParcel'], { __typename: 'ParcelReceived' }>;
export type ScannedParcel = Received['parcel'];

/** A bag before it is closed has no S9 number yet: the start of its id names it on screen. */
export const bagName = (bag: { id: string; receptacleNumber?: string | null }): string => bag.receptacleNumber ?? bag.id.slice(0, 8).toUpperCase();
