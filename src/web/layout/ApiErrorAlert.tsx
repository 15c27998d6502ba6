import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';

/** An API refusal or failure as a clear sentence: 403 says the role does not allow it, 404 that it is not there. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? error.status === 403
        ? t('errors.forbidden')
        : error.status === 404
          ? t('common.notFound')
          : error.code === 'VERSION_CONFLICT'
            ? t('common.conflict')
            : error.message || t('errors.generic')
      : t('errors.generic');
  return (
    <Alert color={error instanceof ApiError && error.status === 403 ? 'orange' : 'red'} role="alert">
      {text}
    </Alert>
  );
}

/** Shown instead of a page the user's role does not open (the navigation hides it, a typed URL lands here). */
export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Alert color="orange" role="alert">
      {t('common.forbiddenPage')}
    </Alert>
  );
}
