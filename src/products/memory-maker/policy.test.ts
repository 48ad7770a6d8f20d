// The permission rules on their own: owner, other user, superuser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canAccessBook, canManageCatalogue, canPayForBook, canViewUser } from './policy.js';

const owner = { id: 'u-owner', isSuperuser: false };
const stranger = { id: 'u-stranger', isSuperuser: false };
const admin = { id: 'u-admin', isSuperuser: true };
const book = { userId: 'u-owner' };

test('canAccessBook: the owner and superusers, nobody else', () => {
  assert.equal(canAccessBook(owner, book), true);
  assert.equal(canAccessBook(admin, book), true);
  assert.equal(canAccessBook(stranger, book), false);
  // A superuser flag is what counts, not a look-alike id.
  assert.equal(canAccessBook({ id: 'u-owner ', isSuperuser: false }, book), false);
});

test('canViewUser: oneself and superusers', () => {
  assert.equal(canViewUser(owner, 'u-owner'), true);
  assert.equal(canViewUser(admin, 'u-owner'), true);
  assert.equal(canViewUser(stranger, 'u-owner'), false);
});

test('canPayForBook: only the owner, not even a superuser', () => {
  assert.equal(canPayForBook(owner, book), true);
  assert.equal(canPayForBook(admin, book), false);
  assert.equal(canPayForBook(stranger, book), false);
});

test('canManageCatalogue: superusers only', () => {
  assert.equal(canManageCatalogue(admin), true);
  assert.equal(canManageCatalogue(owner), false);
});
