#!/bin/bash
# The deb's postrm and the rpm's %postun (deb.afterRemove, rpm.afterRemove in electron-builder.yml),
# templated by electron-builder like its own after-remove.tpl, whose steps come first unchanged.

# Delete the link to the binary
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# Launch at login is an XDG autostart entry in each user's home (electron/main/xdg-autostart.ts).
# It goes on a removal (deb: remove or purge; rpm: no version left, $1 = 0), never on an upgrade,
# which keeps the user's choice.
case "$1" in
  remove | purge | 0)
    getent passwd | while IFS=: read -r _ _ _ _ _ home _; do
      if [ -n "$home" ] && [ "$home" != / ]; then
        rm -f "$home/.config/autostart/mcp-isolate.desktop"
      fi
    done
    ;;
esac
