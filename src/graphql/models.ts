/** The internal shapes behind GraphQL types (codegen mappers): resolvers receive these as parents. */
export type { ShipmentRow as ShipmentModel } from '../modules/shipments/shipments.repository.js';
export type { LineRow as DeclarationLineModel } from '../modules/shipments/shipments.repository.js';
export type { OrganizationRow as OrganizationModel, ApiKeyRow as ApiKeyModel } from '../modules/auth/auth.repository.js';
export type { Principal as MeModel } from '../modules/auth/principal.js';
export type { Hub as HubModel, Carrier as CarrierModel } from '../modules/reference/reference.service.js';
export type { TrackingEventRow as TrackingEventModel } from '../modules/tracking/tracking.repository.js';
export type { PublicTimeline as TrackingModel } from '../modules/tracking/tracking.service.js';
export type { DeclarationRejection as DeclarationRejectedModel, BulkDeclarationResult as DeclareShipmentsPayloadModel } from '../modules/shipments/shipments.service.js';
export type { Money as MoneyModel } from '../standards/money.js';
export type { EndpointRow as WebhookEndpointModel, DeliveryRow as WebhookDeliveryModel, AttemptRow as WebhookDeliveryAttemptModel } from '../modules/webhooks/webhooks.service.js';
export type {
  CarrierEventAcceptedModel, CarrierEventRejectedModel, ReportCarrierEventsPayloadModel,
  HandoffItemModel, HandoffContentLineModel, HandoffReceiptModel,
} from '../modules/carriers/carriers.resolvers.js';
export type { HandoffRow as HandoffModel, AcknowledgeResult as AcknowledgeHandoffPayloadModel } from '../modules/carriers/handoff.service.js';
export type { OpsScope as OpsOverviewModel } from '../modules/operations/operations.service.js';
export type {
  HubParcelRow as HubParcelModel,
  HubLocationRow as HubLocationModel,
  HubExceptionRow as HubExceptionModel,
  ReceptacleRow as ReceptacleModel,
  DispatchRow as DispatchModel,
  DwellAlertRow as DwellAlertModel,
  Transport as TransportModel,
} from '../modules/hub/hub.repository.js';
export type { Lane as LaneModel } from '../modules/hub/lanes.js';
export type { ParcelReceived as ParcelReceivedModel } from '../modules/hub/scans.service.js';
export type { ConsolidationResult as ConsolidationResultModel } from '../modules/hub/consolidation/consolidation.service.js';
/** An AlreadyInReceptacle refusal carries the receptacle's id; the resolver loads it. */
export interface AlreadyInReceptacleModel { errorCode: string; message: string; trackingNumber: string; receptacleId: string | null }
export type {
  DeclarationRow as CustomsDeclarationModel,
  AssessmentRow as CustomsAssessmentModel,
  RiskHitRow as RiskHitModel,
  DocumentRequestRow as DocumentRequestModel,
  PaymentRow as DutyPaymentModel,
  InspectionRow as InspectionModel,
} from '../modules/customs/customs.repository.js';
export type { AuditRecord as AuditRecordModel } from '../modules/audit/audit.repository.js';
export type {
  VersionConflictModel,
  IllegalTransitionModel,
  DutyPaymentRecordedModel,
  AssessmentLineModel,
} from '../modules/customs/customs.resolvers.js';
export type { AttachmentModel } from '../modules/attachments/attachments.resolvers.js';
export type { ConsignmentModel, TransportLegModel } from '../modules/edi/edi.resolvers.js';
