import { graphql } from '../../graphql/generated';
import type { Session } from '../../shell/session';
import type { ActingHub } from './acting-hub';

/** A lane as the hub screens show and send it. */
export interface LaneView {
  destinationOffice: string;
  mailCategory: string;
  mailSubclass: string;
  carrier: { code: string };
}

export const laneLabel = (l: LaneView): string => `${l.destinationOffice} ${l.mailCategory}/${l.mailSubclass} · ${l.carrier.code}`;
export const laneInput = (l: LaneView): { destinationOffice: string; mailCategory: string; mailSubclass: string; carrierCode: string } => ({
  destinationOffice: l.destinationOffice, mailCategory: l.mailCategory, mailSubclass: l.mailSubclass, carrierCode: l.carrier.code,
});
const sameLane = (a: LaneView, b: LaneView) => laneLabel(a) === laneLabel(b);

/** A refusal's message: every refusal type implements ErrorResult. */
export const refusalMessage = (r: { __typename?: string; message?: string }): string => r.message ?? r.__typename ?? '';

const OpenDispatchesOfHub = graphql(`
  query OpenDispatchesOfHub($hubCode: String) {
    dispatches(state: [OPEN], first: 200, hubCode: $hubCode) { id lane { originOffice destinationOffice mailCategory mailSubclass carrier { code } } }
  }
`);

export const OpenDispatch = graphql(`
  mutation OpenDispatch($input: OpenDispatchInput!) {
    openDispatch(input: $input) {
      __typename
      ... on Dispatch { id dispatchNumber }
      ... on ErrorResult { message }
    }
  }
`);

const OpenBag = graphql(`
  mutation OpenBag($input: OpenReceptacleInput!) {
    openReceptacle(input: $input) {
      __typename
      ... on Receptacle { id dispatch { dispatchNumber } }
      ... on ErrorResult { message }
    }
  }
`);

/**
 * Opens a bag for a lane inside an open dispatch of that lane, opening an air dispatch first when
 * there is none: a bag must belong to a dispatch before it can be closed and labelled.
 */
export async function openBagForLane(run: Session['run'], lane: LaneView, hub: ActingHub['hub']): Promise<{ id: string; dispatchNumber: string }> {
  const hubCode = hub?.code;
  const { dispatches } = await run(OpenDispatchesOfHub, { hubCode: hubCode ?? null });
  // Only a dispatch leaving this hub can take the bag (an admin without a hub lists every hub's).
  let dispatchId = dispatches.find((d) => sameLane(d.lane, lane) && d.lane.originOffice === hub?.officeOfExchange)?.id;
  if (!dispatchId) {
    const { openDispatch: d } = await run(OpenDispatch, { input: { ...laneInput(lane), hubCode, transport: { mode: 'AIR' } } });
    if (d.__typename !== 'Dispatch') throw new Error(refusalMessage(d));
    dispatchId = d.id;
  }
  const { openReceptacle: bag } = await run(OpenBag, { input: { ...laneInput(lane), hubCode, dispatchId } });
  if (bag.__typename !== 'Receptacle') throw new Error(refusalMessage(bag));
  return { id: bag.id, dispatchNumber: bag.dispatch?.dispatchNumber ?? '' };
}
