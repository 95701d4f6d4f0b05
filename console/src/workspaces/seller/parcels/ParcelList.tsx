import { useEffect, useState } from 'react';
import { graphql } from '../../../graphql/generated';
import type { SellerParcelsQuery } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';

const SellerParcels = graphql(`
  query SellerParcels($filter: ShipmentFilter, $first: Int, $after: String) {
    shipments(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          trackingNumber
          sellerReference
          status
          destinationCountry
          declaredAt
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

type Parcel = SellerParcelsQuery['shipments']['edges'][number]['node'];

export function ParcelList() {
  const { t } = useI18n();
  const { run } = useSession();
  const [parcels, setParcels] = useState<Parcel[] | null>(null);
  useEffect(() => {
    run(SellerParcels, { first: 50 }).then((data) => setParcels(data.shipments.edges.map((e) => e.node)));
  }, [run]);
  if (!parcels) return <p>{t('common.loading')}</p>;
  return (
    <table>
      <thead>
        <tr><th scope="col">{t('seller.parcels.trackingNumber')}</th><th scope="col">{t('seller.parcels.reference')}</th><th scope="col">{t('seller.parcels.status')}</th></tr>
      </thead>
      <tbody>
        {parcels.map((p) => (
          <tr key={p.id}><td>{p.trackingNumber}</td><td>{p.sellerReference}</td><td>{p.status}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
