/** Who is calling: anyone at the screen is a resident until staff sign in. */
export const ROLES = ['resident', 'staff', 'chair', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to a signed-in staff account. */
export const STAFF_ROLES = ['staff', 'chair', 'admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ANYONE: readonly Role[] = ROLES;
export const SIGNED_IN: readonly Role[] = STAFF_ROLES;
export const ADMIN_ONLY: readonly Role[] = ['admin'];
