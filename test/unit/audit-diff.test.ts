import { describe, expect, it } from 'vitest';
import { changedFields } from '../../src/admin/audit-diff.js';

describe('changedFields', () => {
  it('lists only the fields an update changed, with both values', () => {
    expect(
      changedFields(
        { name: '마포', capacity: 20, features: ['monitor'], open: true },
        { name: '마포 DMC', capacity: 20, features: ['monitor', 'quiet'], open: true },
      ),
    ).toEqual([
      { field: 'name', before: '마포', after: '마포 DMC' },
      { field: 'features', before: ['monitor'], after: ['monitor', 'quiet'] },
    ]);
  });

  it('lists every field of a creation and of a removal, and fields only one side has', () => {
    expect(changedFields(null, { code: 'a', n: 1 })).toEqual([
      { field: 'code', before: null, after: 'a' },
      { field: 'n', before: null, after: 1 },
    ]);
    expect(changedFields({ reason: '점검' }, null)).toEqual([{ field: 'reason', before: '점검', after: null }]);
    expect(changedFields({ a: 1 }, { b: 2 })).toEqual([
      { field: 'a', before: 1, after: null },
      { field: 'b', before: null, after: 2 },
    ]);
  });

  it('treats a value that is not an object as one unnamed field, and nothing as no change', () => {
    expect(changedFields('requested', 'approved')).toEqual([{ field: '', before: 'requested', after: 'approved' }]);
    expect(changedFields(null, null)).toEqual([]);
    expect(changedFields(3, 3)).toEqual([]);
  });
});
