/** Subnet group names of the three tiers of a HipaaVpc. */
export const SUBNET_TIERS = { public: 'Public', private: 'Private', isolated: 'Data' } as const;
