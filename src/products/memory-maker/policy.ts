// Who may do what: one function per permission, each answering for one actor and one object.
import { AppError, notFound } from '../../core/http/errors.js';

export interface Actor {
  id: string;
  isSuperuser: boolean;
}

/** Read, change, delete, print a book; see its generation task: its owner, or a superuser. */
export function canAccessBook(actor: Actor, book: { userId: string }): boolean {
  return actor.isSuperuser || book.userId === actor.id;
}

/** See a user's account: the user themself, or a superuser. */
export function canViewUser(actor: Actor, userId: string): boolean {
  return actor.isSuperuser || actor.id === userId;
}

/** Pay for a book: only its owner (a superuser may see it, not buy it for someone). */
export function canPayForBook(actor: Actor, book: { userId: string }): boolean {
  return book.userId === actor.id;
}

/** Add, change or retire book types. */
export function canManageCatalogue(actor: Actor): boolean {
  return actor.isSuperuser;
}

export const notEnoughPrivileges = () => new AppError('not_enough_privileges', 403, "The user doesn't have enough privileges");

/** Someone else's book answers exactly like a book that does not exist: ids reveal nothing. */
export const bookNotFound = () => notFound('Book not found', 'book_not_found');
