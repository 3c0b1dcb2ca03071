; electron-builder's NSIS include (nsis.include in electron-builder.yml).
; The app's launch at login is a value under HKCU\...\Run named by Electron's setLoginItemSettings
; after the app's AppUserModelID, "electron.app.PRODUCT" when the app sets none. An update
; uninstalls the old version first (${isUpdated}); then the value stays, since the new version
; keeps the user's choice.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "electron.app.${PRODUCT_NAME}"
  ${endIf}
!macroend
